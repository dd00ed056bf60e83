@echo off
REM rebuild.bat: make a new environment with exactly the packages of the one this file sits in.
REM
REM Keep a copy in the environment folder (see docs\guide.md, "Practical scripts"):
REM   copy docs\examples\rebuild.bat D:\envs\py311\
REM   set "ENVSTRAP_BAT=C:\tools\envstrap\bootstrap\envstrap.bat"
REM   D:\envs\py311\rebuild.bat D:\envs\py311-copy
REM It runs envstrap.bat NEW --lock THIS\.envstrap\lock.txt: the packages named in the lock, by
REM URL and md5, with no solve. Other envstrap options go after NEW (--channel, --pkgs-dir,
REM --offline). ENVSTRAP_BAT names the stage-0 script (default: envstrap.bat on PATH). The new
REM environment gets a copy of this file and of with-env.bat, so it can be rebuilt the same way.
REM Exit status: envstrap's (docs\exit-codes.md); 2 for a bad command line here.
setlocal EnableExtensions DisableDelayedExpansion
if "%~1"=="" (
    echo usage: %~nx0 NEW_FOLDER [envstrap option]... 1>&2
    exit /b 2
)
set "HERE=%~dp0"
set "HERE=%HERE:~0,-1%"
set "NEW=%~f1"
if not exist "%HERE%\.envstrap\lock.txt" (
    echo rebuild.bat: "%HERE%\.envstrap\lock.txt" is missing: not a complete envstrap environment. 1>&2
    exit /b 8
)
if not defined ENVSTRAP_BAT set "ENVSTRAP_BAT=envstrap.bat"
call :envstrap %*
set "RC=%errorlevel%"
if not "%RC%"=="0" exit /b %RC%
if not exist "%NEW%\.envstrap\complete" exit /b 7
for %%F in (rebuild.bat with-env.bat) do (
    if exist "%HERE%\%%F" if not exist "%NEW%\%%F" copy /y "%HERE%\%%F" "%NEW%\%%F" >nul
)
exit /b 0

REM envstrap.bat started without CALL from a called label returns here with its own exit
REM status (CALL of a batch file loses it on some cmd implementations).
:envstrap
"%ENVSTRAP_BAT%" %* --lock "%HERE%\.envstrap\lock.txt"
