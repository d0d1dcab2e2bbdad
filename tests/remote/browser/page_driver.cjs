// Drives headless Chromium (Debian's chromium-headless-shell) through puppeteer-core for the page's
// browser tests: one command per line from the FIFO argv[2], one JSON answer per line to the FIFO
// argv[3] (its stdout and stderr are the test's log). The C++ test decides what to do and measures the
// daemon's state and audio between commands.
'use strict';
const fs = require('fs');
const readline = require('readline');
const puppeteer = require('puppeteer-core');

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium-headless-shell';
let browser = null;
let pages = [];
let page = null;

function nowUs() { return Number(process.hrtime.bigint() / 1000n); }  // CLOCK_MONOTONIC, as jack_get_time()

async function open(url) {
  if (!browser) {
    browser = await puppeteer.launch({ executablePath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-timer-throttling'] });
  }
  page = await browser.newPage();
  pages.push(page);
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page.on('console', (m) => process.stderr.write('page: ' + m.text() + '\n'));
  await page.goto(url);
  await page.waitForSelector('#link:not(.offline)', { timeout: 10000 });
  await page.waitForSelector('.strip[data-source]', { timeout: 10000 });
  return { ok: true, pages: pages.length };
}

async function faderBox(source) {
  const sel = source === 'master' ? '[data-kind="master"] .fader' : `[data-source="${source}"] .fader`;
  const f = await page.$(sel);
  if (!f) throw new Error('no fader for ' + source);
  await f.scrollIntoView();
  return f.boundingBox();
}

// A thumb on the fader at `from`, sliding to `to` (fractions of its width) in `steps` moves.
async function drag(source, from, to, steps) {
  const b = await faderBox(source);
  const y = b.y + b.height / 2;
  const x = (f) => b.x + f * b.width;
  const t0 = nowUs();
  await page.touchscreen.touchStart(x(from), y);
  for (let i = 1; i <= steps; i++) await page.touchscreen.touchMove(x(from + (to - from) * i / steps), y);
  await page.touchscreen.touchEnd();
  return { t0_us: t0, db: await page.$eval(source === 'master' ? '[data-kind="master"] .db' : `[data-source="${source}"] .db`, (e) => e.textContent) };
}

// One touch at `at` of the fader: the first request goes out on touchstart.
async function touch(source, at) {
  const b = await faderBox(source);
  const t0 = nowUs();
  await page.touchscreen.touchStart(b.x + at * b.width, b.y + b.height / 2);
  await page.touchscreen.touchEnd();
  return { t0_us: t0 };
}

async function command(line) {
  const [cmd, ...rest] = line.trim().split(' ');
  switch (cmd) {
    case 'open': return open(rest[0]);
    case 'page': page = pages[Number(rest[0])]; return { ok: true };
    case 'drag': return drag(rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3] || 8));
    case 'touch': return touch(rest[0], Number(rest[1]));
    case 'tap': {
      const el = await page.$(rest.join(' '));
      if (!el) throw new Error('nothing matches ' + rest.join(' '));
      await el.scrollIntoView();
      await el.tap();
      return { ok: true };
    }
    case 'eval': return { value: await page.evaluate(rest.join(' ')) };
    case 'wait': {  // wait MS JS: until the expression is true in the page
      const t = Date.now();
      await page.waitForFunction(rest.slice(1).join(' '), { timeout: Number(rest[0]), polling: 10 });
      return { ok: true, ms: Date.now() - t };
    }
    case 'screenshot': await page.screenshot({ path: rest[0] }); return { ok: true };
    case 'quit': if (browser) await browser.close(); browser = null; return { ok: true };
    default: throw new Error('unknown command ' + cmd);
  }
}

const answers = fs.createWriteStream(process.argv[3]);
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]) });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    try {
      answers.write(JSON.stringify(await command(line)) + '\n');
    } catch (e) {
      answers.write(JSON.stringify({ error: String(e && e.message || e) }) + '\n');
    }
  });
});
rl.on('close', () => queue.then(() => browser && browser.close()));
