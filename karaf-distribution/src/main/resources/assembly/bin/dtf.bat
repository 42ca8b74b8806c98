@echo off
rem dtf: the DTF command-line client (lib\dtf\dtf-client.jar). "dtf --help" lists the commands.
rem The coordinator and the token: --url and --token, or DTF_URL and DTF_TOKEN.
setlocal
set DTF_HOME=%~dp0..
if "%JAVA_HOME%" == "" (set JAVA=java) else (set JAVA="%JAVA_HOME%\bin\java")
if "%DTF_JAVA_OPTS%" == "" set DTF_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC
%JAVA% %DTF_JAVA_OPTS% -jar "%DTF_HOME%\lib\dtf\dtf-client.jar" %*
