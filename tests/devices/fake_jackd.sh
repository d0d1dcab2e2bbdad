#!/bin/sh
# Stands in for jackd in tests: takes the command line headampd gives JACK2's ALSA backend
# ([-n NAME] -d alsa -d hw:CARD -r RATE -p PERIOD -n NPERIODS), runs the dummy backend instead, and
# gives the system ports the aliases the ALSA driver would ("alsa_pcm:hw:CARD:outN" / "inN").
# With $FAKE_JACKD_RECORD set, appends "PID NAME DEVICE" to that file.
name=default
while [ $# -gt 0 ]; do
    case "$1" in
        -n) name=$2; shift 2 ;;
        -d) if [ "$2" = alsa ]; then shift 2; break; fi; shift 2 ;;
        *) shift ;;
    esac
done
device= rate=48000 period=256
while [ $# -gt 1 ]; do
    case "$1" in
        -d) device=$2 ;;
        -r) rate=$2 ;;
        -p) period=$2 ;;
    esac
    shift 2
done
[ -n "$FAKE_JACKD_RECORD" ] && echo "$$ $name $device" >>"$FAKE_JACKD_RECORD"
# The aliases, once the server takes clients; never starting a server of its own, giving up after ~20 s.
(
    JACK_DEFAULT_SERVER=$name JACK_NO_START_SERVER=1
    export JACK_DEFAULT_SERVER JACK_NO_START_SERVER
    tries=0
    until jack_alias system:playback_2 "alsa_pcm:$device:in2"; do
        tries=$((tries + 1))
        [ $tries -ge 400 ] && exit 1
        sleep 0.05
    done
    jack_alias system:playback_1 "alsa_pcm:$device:in1"
    jack_alias system:capture_2 "alsa_pcm:$device:out2"
    jack_alias system:capture_1 "alsa_pcm:$device:out1"  # last: a complete set from here on
) </dev/null >/dev/null 2>&1 &
exec jackd --no-realtime -n "$name" -d dummy -r "$rate" -p "$period"
