#!/usr/bin/env python3
# Guest side of test/kernel/attribution.test.ts: processes whose netlink requests must be
# attributed to them. Prints one JSON line: {"scenario", "pid", "ports", "seqs"}.
#
#   multi SEQ         three rtnetlink sockets; the 2nd and 3rd (kernel-assigned negative
#                     port ids, not the pid) each dump the links; exits after 1 s
#   bound SEQ PORT    binds port id PORT itself and dumps the links with nlmsg_pid = PORT
#   exit SEQ PORT     binds PORT (0: autobind; -1: autobind a second socket, whose port id
#                     the kernel picks), sends an RTM_GETLINK with ACK on it, exits at once
#                     without reading the answer
import json
import os
import socket
import struct
import sys
import time

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
RTM_GETLINK, NLMSG_DONE, NLMSG_ERROR = 18, 3, 2


def getlink(seq, flags, pid=0, index=0):
    ifi = struct.pack('=BxHiII', 0, 0, index, 0, 0)
    return struct.pack('=IHHII', 16 + len(ifi), RTM_GETLINK, flags, seq, pid) + ifi


def drain(s, seq):
    """Reads until the dump with this seq is done (NLMSG_DONE or an error)."""
    while True:
        data = s.recv(1 << 16)
        off = 0
        while off + 16 <= len(data):
            ln, ty, _fl, sq, _pid = struct.unpack_from('=IHHII', data, off)
            if sq == seq and ty in (NLMSG_DONE, NLMSG_ERROR):
                return
            off += (ln + 3) & ~3


def sock(port=0):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((port, 0))
    return s


def main():
    mode, seq = sys.argv[1], int(sys.argv[2])
    if mode == 'multi':
        socks = [sock(), sock(), sock()]
        ports = [s.getsockname()[0] & 0xffffffff for s in socks]
        for i, s in enumerate(socks[1:]):
            s.sendto(getlink(seq + i, NLM_F_REQUEST | NLM_F_DUMP), (0, 0))
            drain(s, seq + i)
        out = {'ports': ports[1:], 'seqs': [seq, seq + 1], 'first': ports[0]}
        linger = 1.0
    elif mode == 'bound':
        port = int(sys.argv[3])
        s = sock(port)
        s.sendto(getlink(seq, NLM_F_REQUEST | NLM_F_DUMP, pid=port), (0, 0))
        drain(s, seq)
        out = {'ports': [port], 'seqs': [seq]}
        linger = 0.5
    elif mode == 'exit':
        want = int(sys.argv[3])
        first = sock() if want < 0 else None  # held open until the exit: the next one gets a kernel-picked id
        s = sock(max(want, 0))
        port = s.getsockname()[0] & 0xffffffff
        s.sendto(getlink(seq, NLM_F_REQUEST | NLM_F_ACK, index=1), (0, 0))
        print(json.dumps({'scenario': mode, 'pid': os.getpid(), 'ports': [port], 'seqs': [seq]}), flush=True)
        os._exit(0)
    else:
        raise SystemExit(f'unknown mode {mode}')
    out.update({'scenario': mode, 'pid': os.getpid()})
    print(json.dumps(out), flush=True)
    time.sleep(linger)


main()
