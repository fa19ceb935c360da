"""No network for a query worker: a seccomp filter refuses every new IPv4 or IPv6 socket.

pyoxigraph answers ``SERVICE`` by fetching the URL itself. The query check refuses SERVICE
before a query runs; this filter makes sure that a spelling the check missed still reaches
nothing. Linux on x86-64 and arm64 only; elsewhere the check alone stands.
"""

from __future__ import annotations

import ctypes
import platform
import socket
import struct

_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}  # audit arch, socket()
_LD, _JEQ, _RET = 0x20, 0x15, 0x06
_ALLOW, _ERRNO, _EACCES = 0x7FFF0000, 0x00050000, 13
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def _program(arch: int, socket_call: int) -> bytes:
    """BPF: on this arch, socket(AF_INET or AF_INET6, ...) fails with EACCES; all else runs."""
    steps = [
        (_LD, 0, 0, 4),  # seccomp_data.arch
        (_JEQ, 0, 5, arch),
        (_LD, 0, 0, 0),  # seccomp_data.nr
        (_JEQ, 0, 3, socket_call),
        (_LD, 0, 0, 16),  # seccomp_data.args[0]: the address family
        (_JEQ, 2, 0, socket.AF_INET),
        (_JEQ, 1, 0, socket.AF_INET6),
        (_RET, 0, 0, _ALLOW),
        (_RET, 0, 0, _ERRNO | _EACCES),
    ]
    return b"".join(struct.pack("=HBBI", *step) for step in steps)


def forbid_network() -> bool:
    """Install the filter on this process (irreversible); False where it is not available."""
    known = _ARCH.get(platform.machine())
    if known is None or platform.system() != "Linux":
        return False
    code = _program(*known)
    buffer = ctypes.create_string_buffer(code, len(code))

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0
