@echo off
REM with-env.bat: run one command inside the envstrap environment this file sits in.
REM
REM Keep a copy in the environment folder (see docs\guide.md, "Practical scripts"):
REM   copy docs\examples\with-env.bat D:\envs\py311\
REM   D:\envs\py311\with-env.bat python -m pip list
REM It finds the environment from its own location (%~dp0), never from a path written into it,
REM so it keeps working when the folder is moved or copied. Activation happens inside this
REM script's SETLOCAL: your cmd.exe is unchanged afterwards. From another batch file use CALL.
REM Exit status: the command's; 2 without a command; otherwise activation's
REM (3: another environment is active in this shell; see docs\exit-codes.md).
setlocal EnableExtensions DisableDelayedExpansion
if "%~1"=="" (
    echo usage: %~nx0 COMMAND [ARGUMENT]... 1>&2
    exit /b 2
)
set "HERE=%~dp0"
set "HERE=%HERE:~0,-1%"
call :activate
set "RC=%errorlevel%"
REM Active now (newly, or already before: both fine)? Else activation refused: its status.
if /i not "%ENVSTRAP_PREFIX%"=="%HERE%" exit /b %RC%
%*
exit /b

REM activate.bat started without CALL from a called label returns here with its own exit
REM status (CALL of a batch file loses it on some cmd implementations).
:activate
"%HERE%\activate.bat"
