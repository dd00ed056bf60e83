/* STAND-IN program for the Windows activation tests (tests/test_activation_windows.py), which run
 * under wine. It is not Python, conda, mamba or chcp. Copied into a fake environment as
 * python.exe, Scripts\conda.exe and Library\bin\mamba.exe it prints "stand-in <full path of this
 * .exe>", so a test sees which copy cmd.exe found on PATH. Copied as System32\chcp.com it plays
 * chcp: with STANDIN_OUTPUT set it prints that text instead (e.g. German "Aktive Codepage: 850."),
 * and with STANDIN_LOG set it appends its arguments to that file, one call a line.
 * Output is UTF-8. Built at test time with x86_64-w64-mingw32-gcc -municode. */
#include <windows.h>

#define SIZE 4096

static void write_utf8(HANDLE handle, const wchar_t *text, int length)
{
    char out[3 * SIZE + 4];
    DWORD written;
    int used = WideCharToMultiByte(CP_UTF8, 0, text, length, out, 3 * SIZE, NULL, NULL);
    out[used++] = '\r';
    out[used++] = '\n';
    WriteFile(handle, out, (DWORD)used, &written, NULL);
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t text[SIZE + 16] = L"stand-in ";
    wchar_t log[SIZE];
    DWORD length = GetEnvironmentVariableW(L"STANDIN_OUTPUT", text, SIZE);
    if (length == 0 || length >= SIZE)
        length = 9 + GetModuleFileNameW(NULL, text + 9, SIZE);
    write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), text, (int)length);

    length = GetEnvironmentVariableW(L"STANDIN_LOG", log, SIZE);
    if (length > 0 && length < SIZE) {
        HANDLE file = CreateFileW(log, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                  OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        int used = 0;
        text[0] = 0;
        for (int i = 1; i < argc && used < SIZE - 2; i++) {
            if (i > 1)
                text[used++] = L' ';
            for (const wchar_t *c = argv[i]; *c && used < SIZE - 1; c++)
                text[used++] = *c;
        }
        if (file != INVALID_HANDLE_VALUE) {
            write_utf8(file, text, used);
            CloseHandle(file);
        }
    }
    return 0;
}
