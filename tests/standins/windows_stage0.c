/* TEST STAND-IN for the programs bootstrap\envstrap.bat runs, in tests/test_bootstrap_bat.py under
 * wine. It is NOT micromamba, Python, curl or certutil: one small program that acts by the name
 * it is started as (copy it to micromamba.exe, python.exe, curl.exe or certutil.exe). Built at
 * test time with x86_64-w64-mingw32-gcc. Every call appends one JSON line to the file named by
 * STANDIN_LOG: {"prog": NAME, "argv": [...], "temp": %TEMP%, "tmp": %TMP%, "exe": its own path}.
 *   micromamba.exe  --version prints STANDIN_MICROMAMBA_VERSION, by default STANDIN_PINNED_VERSION
 *                   (the version bootstrap\micromamba.pins pins, defined at build time by
 *                   tests/support/wine_stage0.py); install lays out a fake Windows prefix in the -p
 *                   folder (python.exe = a copy of this program, Scripts\conda.exe,
 *                   Library\bin\mamba.exe, conda-meta\python-3.11.7-0.json); exit code from
 *                   STANDIN_MICROMAMBA_EXIT (default 0; when not 0 it prints
 *                   STANDIN_MICROMAMBA_STDERR, if set, to stderr first); as a 1.x version it
 *                   ends install with 1.x's "To activate this environment" advice
 *   python.exe      exit code from STANDIN_PYTHON_EXIT (default 0); a successful finalize writes
 *                   TARGET\.envstrap\complete (not with STANDIN_PYTHON_INCOMPLETE=1: a stage 1
 *                   that says 0 without finishing)
 *   curl.exe        copies a file:///C:/... URL to --output; anything else fails (exit 1)
 *   certutil.exe    -hashfile FILE SHA256 prints the sha256 like Windows 10 does (with
 *                   STANDIN_CERTUTIL_SPACED=1: upper-case with spaces, like older Windows);
 *                   STANDIN_CERTUTIL_COMPLETES=FOLDER makes FOLDER\.envstrap\complete first, as
 *                   another envstrap run finishing that folder at this moment would;
 *                   STANDIN_CERTUTIL_SPOILS=FILE overwrites FILE with "MZ spoiled" right after
 *                   hashing, as another user who can write a shared package cache could;
 *                   -decode IN OUT decodes base64 like certutil: -----BEGIN/END lines and white
 *                   space are skipped, any other byte outside base64 fails, and an existing OUT
 *                   is refused (certutil replaces it only with -f) */
#include <windows.h>
#include <bcrypt.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#ifndef STANDIN_PINNED_VERSION
#error "build with -DSTANDIN_PINNED_VERSION=L\"X.Y.Z\" (tests/support/wine_stage0.py reads it from micromamba.pins)"
#endif

static void put(HANDLE h, const wchar_t *text)
{
    char buf[16384];
    DWORD written;
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, buf, sizeof buf, NULL, NULL);
    if (n > 1)
        WriteFile(h, buf, (DWORD)(n - 1), &written, NULL);
}

static void json_string(wchar_t *out, const wchar_t *s)
{
    wchar_t *o = out + wcslen(out);
    *o++ = L'"';
    for (; *s; s++) {
        if (*s == L'"' || *s == L'\\') { *o++ = L'\\'; *o++ = *s; }
        else if (*s < 0x20) { swprintf(o, 8, L"\\u%04x", *s); o += 6; }
        else *o++ = *s;
    }
    *o++ = L'"';
    *o = 0;
}

static void record(const wchar_t *prog, int argc, wchar_t **argv)
{
    static wchar_t line[65536];
    wchar_t value[4096];
    const wchar_t *names[2] = {L"TEMP", L"TMP"};
    wchar_t log[4096];
    if (!GetEnvironmentVariableW(L"STANDIN_LOG", log, 4096))
        return;
    wcscpy(line, L"{\"prog\": ");
    json_string(line, prog);
    wcscat(line, L", \"argv\": [");
    for (int i = 1; i < argc; i++) {
        if (i > 1) wcscat(line, L", ");
        json_string(line, argv[i]);
    }
    wcscat(line, L"]");
    for (int i = 0; i < 2; i++) {
        wcscat(line, i ? L", \"tmp\": " : L", \"temp\": ");
        if (!GetEnvironmentVariableW(names[i], value, 4096)) value[0] = 0;
        json_string(line, value);
    }
    wcscat(line, L", \"exe\": ");
    GetModuleFileNameW(NULL, value, 4096);
    json_string(line, value);
    wcscat(line, L"}\n");
    HANDLE f = CreateFileW(log, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE) return;
    put(f, line);
    CloseHandle(f);
}

static int env_int(const wchar_t *name)
{
    wchar_t value[32];
    if (!GetEnvironmentVariableW(name, value, 32)) return 0;
    return _wtoi(value);
}

static void mkdirs(const wchar_t *path)
{
    wchar_t buf[4096];
    wcscpy(buf, path);
    for (wchar_t *p = buf + 3; *p; p++) {
        if (*p == L'\\') { *p = 0; CreateDirectoryW(buf, NULL); *p = L'\\'; }
    }
    CreateDirectoryW(buf, NULL);
}

static void copy_self(const wchar_t *prefix, const wchar_t *rel)
{
    wchar_t self[4096], dest[4096], dir[4096];
    GetModuleFileNameW(NULL, self, 4096);
    swprintf(dest, 4096, L"%ls\\%ls", prefix, rel);
    wcscpy(dir, dest);
    wchar_t *slash = wcsrchr(dir, L'\\');
    if (slash) { *slash = 0; mkdirs(dir); }
    CopyFileW(self, dest, FALSE);
}

static int micromamba(int argc, wchar_t **argv)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), err = GetStdHandle(STD_ERROR_HANDLE);
    wchar_t version[64] = STANDIN_PINNED_VERSION;
    GetEnvironmentVariableW(L"STANDIN_MICROMAMBA_VERSION", version, 60);
    if (argc >= 2 && wcscmp(argv[1], L"--version") == 0) {
        put(out, version);
        put(out, L"\r\n");
        return 0;
    }
    int code = env_int(L"STANDIN_MICROMAMBA_EXIT");
    wchar_t message[1024];
    if (code && GetEnvironmentVariableW(L"STANDIN_MICROMAMBA_STDERR", message, 1000)) {
        wcscat(message, L"\r\n");
        put(err, message);
        return code;
    }
    if (code) { put(err, L"error: the micromamba stand-in was told to fail\r\n"); return code; }
    const wchar_t *prefix = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (wcscmp(argv[i], L"-p") == 0) prefix = argv[i + 1];
    if (argc < 2 || wcscmp(argv[1], L"install") != 0 || !prefix) {
        put(err, L"micromamba stand-in: only `install -p PREFIX` is known\r\n");
        return 2;
    }
    copy_self(prefix, L"python.exe");
    copy_self(prefix, L"Scripts\\conda.exe");
    copy_self(prefix, L"Library\\bin\\mamba.exe");
    wchar_t meta[4096];
    swprintf(meta, 4096, L"%ls\\conda-meta\\python-3.11.7-0.json", prefix);
    mkdirs(prefix);
    swprintf(meta, 4096, L"%ls\\conda-meta", prefix);
    mkdirs(meta);
    swprintf(meta, 4096, L"%ls\\conda-meta\\python-3.11.7-0.json", prefix);
    HANDLE f = CreateFileW(meta, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        put(f, L"{\"name\": \"python\", \"version\": \"3.11.7\", \"build\": \"0\", \"subdir\": \"win-64\"}\n");
        CloseHandle(f);
    }
    put(out, L"micromamba stand-in: installed\r\n");
    if (version[0] == L'1' && version[1] == L'.') {
        wchar_t advice[8192];
        swprintf(advice, 8192, L"\r\nTo activate this environment, use:\r\n\r\n    micromamba activate %ls\r\n\r\n"
                 L"Or to execute a single command in this environment, use:\r\n\r\n"
                 L"    micromamba run -p %ls mycommand\r\n\r\n", prefix, prefix);
        put(out, advice);
    }
    return 0;
}

static int python(int argc, wchar_t **argv)
{
    int code = env_int(L"STANDIN_PYTHON_EXIT");
    if (code == 0 && argc >= 8 && wcscmp(argv[6], L"finalize") == 0
        && !env_int(L"STANDIN_PYTHON_INCOMPLETE")) {
        wchar_t path[4096];
        swprintf(path, 4096, L"%ls\\.envstrap\\complete", argv[7]);
        HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    }
    return code;
}

static int curl(int argc, wchar_t **argv)
{
    const wchar_t *output = NULL, *url = argv[argc - 1];
    for (int i = 1; i + 1 < argc; i++)
        if (wcscmp(argv[i], L"--output") == 0) output = argv[i + 1];
    if (!output || wcsncmp(url, L"file:///", 8) != 0) {
        put(GetStdHandle(STD_ERROR_HANDLE), L"curl: (1) the curl stand-in only copies file:/// URLs\r\n");
        return 1;
    }
    wchar_t source[4096];
    wcscpy(source, url + 8);
    for (wchar_t *p = source; *p; p++) if (*p == L'/') *p = L'\\';
    if (!CopyFileW(source, output, FALSE)) {
        put(GetStdHandle(STD_ERROR_HANDLE), L"curl: (37) Couldn't read a file:// file\r\n");
        return 37;
    }
    return 0;
}

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static int certutil_decode(const wchar_t *in, const wchar_t *out)
{
    HANDLE std = GetStdHandle(STD_OUTPUT_HANDLE);
    if (GetFileAttributesW(out) != INVALID_FILE_ATTRIBUTES) {
        put(std, L"CertUtil: -decode command FAILED: 0x80070050 (WIN32: 80 ERROR_FILE_EXISTS)\r\n");
        return 80;
    }
    HANDLE f = CreateFileW(in, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) return 2;
    DWORD size = GetFileSize(f, NULL), got = 0;
    unsigned char *text = malloc(size + 1), *bytes = malloc(size + 1);
    ReadFile(f, text, size, &got, NULL);
    CloseHandle(f);
    DWORD n = 0, bits = 0, count = 0, pad = 0;
    for (DWORD i = 0; i < got; i++) {
        unsigned char c = text[i];
        if ((i == 0 || text[i - 1] == '\n') && c == '-') {  /* -----BEGIN/END ...----- */
            while (i < got && text[i] != '\n') i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') { pad++; continue; }
        int v = base64_value(c);
        if (v < 0 || pad) {
            put(std, L"CertUtil: -decode command FAILED: 0x80090005 (-2146893819 NTE_BAD_DATA)\r\n");
            return 5;
        }
        bits = (bits << 6) | (DWORD)v;
        if (++count == 4) {
            bytes[n++] = (unsigned char)(bits >> 16);
            bytes[n++] = (unsigned char)(bits >> 8);
            bytes[n++] = (unsigned char)bits;
            bits = count = 0;
        }
    }
    if (count == 2) bytes[n++] = (unsigned char)(bits >> 4);
    if (count == 3) { bytes[n++] = (unsigned char)(bits >> 10); bytes[n++] = (unsigned char)(bits >> 2); }
    if (count == 1) {
        put(std, L"CertUtil: -decode command FAILED: 0x80090005 (-2146893819 NTE_BAD_DATA)\r\n");
        return 5;
    }
    HANDLE o = CreateFileW(out, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (o == INVALID_HANDLE_VALUE) return 3;
    DWORD written;
    WriteFile(o, bytes, n, &written, NULL);
    CloseHandle(o);
    wchar_t report[256];
    swprintf(report, 256, L"Input Length = %lu\r\nOutput Length = %lu\r\nCertUtil: -decode command completed successfully.\r\n", got, n);
    put(std, report);
    free(text);
    free(bytes);
    return 0;
}

static int certutil(int argc, wchar_t **argv)
{
    if (argc == 4 && _wcsicmp(argv[1], L"-decode") == 0)
        return certutil_decode(argv[2], argv[3]);
    if (argc < 4 || _wcsicmp(argv[1], L"-hashfile") != 0 || _wcsicmp(argv[3], L"SHA256") != 0)
        return 1;
    wchar_t other[4096];
    if (GetEnvironmentVariableW(L"STANDIN_CERTUTIL_COMPLETES", other, 4000)) {
        wcscat(other, L"\\.envstrap");
        mkdirs(other);
        wcscat(other, L"\\complete");
        HANDLE done = CreateFileW(other, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (done != INVALID_HANDLE_VALUE) CloseHandle(done);
    }
    HANDLE f = CreateFileW(argv[2], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) return 2;
    BCRYPT_ALG_HANDLE alg;
    BCRYPT_HASH_HANDLE hash;
    UCHAR digest[32], buf[65536];
    DWORD got;
    BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0);
    BCryptCreateHash(alg, &hash, NULL, 0, NULL, 0, 0);
    while (ReadFile(f, buf, sizeof buf, &got, NULL) && got) BCryptHashData(hash, buf, got, 0);
    CloseHandle(f);
    BCryptFinishHash(hash, digest, 32, 0);
    BCryptDestroyHash(hash);
    BCryptCloseAlgorithmProvider(alg, 0);
    int spaced = env_int(L"STANDIN_CERTUTIL_SPACED");
    wchar_t text[8192], hex[200] = L"";
    for (int i = 0; i < 32; i++) {
        wchar_t two[4];
        swprintf(two, 4, spaced ? L"%02X" : L"%02x", digest[i]);
        if (spaced && i) wcscat(hex, L" ");
        wcscat(hex, two);
    }
    swprintf(text, 8192, L"SHA256 hash of %ls:\r\n%ls\r\nCertUtil: -hashfile command completed successfully.\r\n", argv[2], hex);
    if (GetEnvironmentVariableW(L"STANDIN_CERTUTIL_SPOILS", other, 4000)) {
        HANDLE spoiled = CreateFileW(other, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (spoiled != INVALID_HANDLE_VALUE) { DWORD n; WriteFile(spoiled, "MZ spoiled", 10, &n, NULL); CloseHandle(spoiled); }
    }
    put(GetStdHandle(STD_OUTPUT_HANDLE), text);
    return 0;
}

int wmain(void)
{
    int argc;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    wchar_t self[4096];
    GetModuleFileNameW(NULL, self, 4096);
    wchar_t *name = wcsrchr(self, L'\\');
    name = name ? name + 1 : self;
    wchar_t *dot = wcsrchr(name, L'.');
    if (dot) *dot = 0;
    CharLowerW(name);
    record(name, argc, argv);
    if (wcscmp(name, L"micromamba") == 0) return micromamba(argc, argv);
    if (wcscmp(name, L"python") == 0) return python(argc, argv);
    if (wcscmp(name, L"curl") == 0) return curl(argc, argv);
    if (wcscmp(name, L"certutil") == 0) return certutil(argc, argv);
    return 0;
}
