/*
 * TEST STAND-IN launcher. This is NOT micromamba.
 *
 * A tiny native (ELF on Linux) executable that runs the Python micromamba stand-in
 * (tests/standins/micromamba.py) exactly as the sh launcher from write_launcher() does:
 *
 *     MICROMAMBA_STANDIN_ARGV0=<argv[0]> exec PYTHON -I -B SCRIPT <argv[1:]...>
 *
 * It exists so tests of the bootstrap's download step (magic bytes, sha256, then run) have a
 * real binary to serve and execute. PYTHON and SCRIPT are absolute paths baked in at compile
 * time as C string literals by tests/standins/elf.py:
 *
 *     cc -DSTANDIN_PYTHON='"/usr/bin/python3"' -DSTANDIN_SCRIPT='"/.../micromamba.py"' ...
 *
 * If the exec fails it prints one line on stderr and exits 127 (not found) or 126 (found but
 * not runnable), like `sh -c exec` does.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef STANDIN_PYTHON
#error "define STANDIN_PYTHON as a C string literal: the Python to run"
#endif
#ifndef STANDIN_SCRIPT
#error "define STANDIN_SCRIPT as a C string literal: the stand-in script"
#endif

static const char ARGV0_VARIABLE[] = "MICROMAMBA_STANDIN_ARGV0";

int main(int argc, char **argv)
{
    const char *argv0 = (argc > 0 && argv[0] != NULL) ? argv[0] : "";
    int extra = argc > 1 ? argc - 1 : 0;
    char **args;
    int n = 0;
    int i;
    int error;

    if (setenv(ARGV0_VARIABLE, argv0, 1) != 0) {
        fprintf(stderr, "%s: cannot set %s: %s\n", argv0, ARGV0_VARIABLE, strerror(errno));
        return 127;
    }
    args = calloc((size_t)extra + 5, sizeof *args);
    if (args == NULL) {
        fprintf(stderr, "%s: out of memory\n", argv0);
        return 127;
    }
    args[n++] = (char *)STANDIN_PYTHON;
    args[n++] = (char *)"-I";
    args[n++] = (char *)"-B";
    args[n++] = (char *)STANDIN_SCRIPT;
    for (i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;

    execv(STANDIN_PYTHON, args);
    error = errno;
    fprintf(stderr, "%s: cannot run %s: %s\n", argv0, STANDIN_PYTHON, strerror(error));
    return error == ENOENT || error == ENOTDIR ? 127 : 126;
}
