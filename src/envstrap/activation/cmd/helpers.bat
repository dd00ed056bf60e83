REM ---- helpers shared by activate.bat and deactivate.bat --------------------------------------

:_envstrap_say
REM Print _ENVSTRAP_MSG to stderr; through a for variable, so & ( ) in it are only text.
for /f "delims=" %%M in ("%_ENVSTRAP_MSG%") do @echo %%M>&2
exit /b 0

:_envstrap_codepage_save
REM Remember the caller's code page (any language: "Active code page: 850", "Aktive Codepage:
REM 850.") and switch to UTF-8. No console (chcp prints 0 or fails): leave it alone.
set "_ENVSTRAP_CP="
if not defined SystemRoot exit /b 0
if not exist "%SystemRoot%\System32\chcp.com" exit /b 0
for /f "tokens=2 delims=:" %%Y in ('"%SystemRoot%\System32\chcp.com"') do @set "_ENVSTRAP_CP=%%Y"
if not defined _ENVSTRAP_CP exit /b 0
set "_ENVSTRAP_CP=%_ENVSTRAP_CP: =%"
if not defined _ENVSTRAP_CP exit /b 0
set "_ENVSTRAP_CP=%_ENVSTRAP_CP:.=%"
if not defined _ENVSTRAP_CP exit /b 0
for /f "delims=0123456789" %%Y in ("%_ENVSTRAP_CP%") do @set "_ENVSTRAP_CP="
if "%_ENVSTRAP_CP%"=="0" set "_ENVSTRAP_CP="
if "%_ENVSTRAP_CP%"=="65001" set "_ENVSTRAP_CP="
if defined _ENVSTRAP_CP "%SystemRoot%\System32\chcp.com" 65001 >nul
exit /b 0

:_envstrap_hooks
REM CALL every _ENVSTRAP_HOOKS\*.bat in name order (%1 = forward) or reversed (%1 = reverse).
REM for /r lists the folder itself (wide names, no pipe and no code page in between; NTFS lists
REM names sorted); files in subfolders and names like x.batx, which *.bat also matches, are
REM skipped.
if not exist "%_ENVSTRAP_HOOKS%\*.bat" exit /b 0
if "%1"=="reverse" goto :_envstrap_hooks_reverse
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" call :_envstrap_hook "%%F"
exit /b 0
:_envstrap_hooks_reverse
set "_ENVSTRAP_N=0"
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" set /a "_ENVSTRAP_N+=1"
:_envstrap_hooks_next
if %_ENVSTRAP_N% LSS 1 exit /b 0
set "_ENVSTRAP_I=0"
for /r "%_ENVSTRAP_HOOKS%" %%F in (*.bat) do @if /i "%%~dpF"=="%_ENVSTRAP_HOOKS%\" if /i "%%~xF"==".bat" call :_envstrap_hook_nth "%%F"
set /a "_ENVSTRAP_N-=1"
goto :_envstrap_hooks_next
:_envstrap_hook_nth
set /a "_ENVSTRAP_I+=1"
if not "%_ENVSTRAP_I%"=="%_ENVSTRAP_N%" exit /b 0
:_envstrap_hook
set "_ENVSTRAP_HOOK=%~1"
call "%%_ENVSTRAP_HOOK%%"
exit /b 0

:_envstrap_restore_config
REM %1: a config var name, checked when it was saved.
call set "_ENVSTRAP_T=%%_ENVSTRAP_HAD_%1%%"
if "%_ENVSTRAP_T%"=="1" call set "%1=%%_ENVSTRAP_OLD_%1%%"
if not "%_ENVSTRAP_T%"=="1" set "%1="
set "_ENVSTRAP_OLD_%1="
set "_ENVSTRAP_HAD_%1="
exit /b 0

:_envstrap_end
if defined _ENVSTRAP_CP "%SystemRoot%\System32\chcp.com" %_ENVSTRAP_CP% >nul
set "_ENVSTRAP_CP="
@CLEANUP@
set "_ENVSTRAP_RC=" & exit /b %_ENVSTRAP_RC%
