// The floor for bench/compare.py: a JACK client with S inputs and 2M outputs whose process() only zeroes its outputs.
// Usage: empty-client SERVER CLIENT_NAME SOURCES MIXES; runs until SIGTERM or SIGINT.
#include <jack/jack.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxPorts = 512 };

struct EmptyClient {
    jack_port_t* outputs[kMaxPorts];
    int output_count;
};

static int process(jack_nframes_t nframes, void* arg) {
    struct EmptyClient* self = arg;
    for (int o = 0; o < self->output_count; ++o)
        memset(jack_port_get_buffer(self->outputs[o], nframes), 0, nframes * sizeof(float));
    return 0;
}

static int register_ports(jack_client_t* client, struct EmptyClient* self, int sources, int mixes) {
    char name[32];
    for (int s = 0; s < sources; ++s) {
        snprintf(name, sizeof name, "in_%d", s + 1);
        if (!jack_port_register(client, name, JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0)) return -1;
    }
    for (int m = 0; m < mixes; ++m)
        for (int side = 0; side < 2; ++side) {
            snprintf(name, sizeof name, "mix_%d_%c", m + 1, side ? 'R' : 'L');
            jack_port_t* port = jack_port_register(client, name, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
            if (!port) return -1;
            self->outputs[self->output_count++] = port;
        }
    return 0;
}

static int run(const char* server, const char* client_name, int sources, int mixes) {
    static struct EmptyClient self;
    jack_status_t status;
    jack_client_t* client = jack_client_open(client_name, JackNoStartServer | JackServerName, &status, server);
    if (!client) {
        fprintf(stderr, "empty-client: cannot open a client on '%s' (status 0x%x)\n", server, (unsigned)status);
        return 1;
    }
    int rc = 1;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);  // before activation: JACK's threads inherit the mask
    if (register_ports(client, &self, sources, mixes) != 0) {
        fprintf(stderr, "empty-client: cannot register its ports\n");
    } else if (jack_set_process_callback(client, process, &self) != 0 || jack_activate(client) != 0) {
        fprintf(stderr, "empty-client: cannot activate\n");
    } else {
        int signal_number;
        sigwait(&stop, &signal_number);
        jack_deactivate(client);
        rc = 0;
    }
    jack_client_close(client);
    return rc;
}

int main(int argc, char** argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: empty-client SERVER CLIENT_NAME SOURCES MIXES\n");
        return 2;
    }
    const int sources = atoi(argv[3]), mixes = atoi(argv[4]);
    if (sources < 0 || mixes < 0 || 2 * mixes > kMaxPorts) {
        fprintf(stderr, "empty-client: at most %d mixes\n", kMaxPorts / 2);
        return 2;
    }
    return run(argv[1], argv[2], sources, mixes);
}
