<#
.SYNOPSIS
  Build Lectoure Media for Windows: frozen app (PyInstaller), self-test, Inno Setup installer, then a
  silent per-user install, the installed app's self-test and a silent uninstall. Prints sizes.

.DESCRIPTION
  Needs Python 3.11+ (the "py" launcher or python.exe on PATH) and Inno Setup 6 (ISCC.exe on PATH or in
  its default folder). Run from anywhere:  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
  Outputs: dist\lectoure-media\ and dist\lectoure-media-<version>-setup.exe.
  The same steps as packaging/build on Linux; the GitHub Actions workflow packaging/ci/windows-build.yml
  runs this script.
#>
param(
    [string]$Python = "",
    [switch]$SkipInstallTest
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$Venv = Join-Path $Root "build\venv-packaging"
$Work = Join-Path $Root "build\packaging"
$Dist = Join-Path $Root "dist"
$PyInstallerSpec = "pyinstaller>=6.10,<7"
$Started = Get-Date

function Say([string]$Message) { Write-Host "[build] $Message" }
function Fail([string]$Message) { Write-Host "[build] ERREUR : $Message" -ForegroundColor Red; exit 1 }
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { Fail "$Exe $($Arguments -join ' ') a échoué (code $LASTEXITCODE)." }
}
function MiB([long]$Bytes) { "{0:N1} MiB" -f ($Bytes / 1MB) }
function FolderBytes([string]$Path) {
    (Get-ChildItem -LiteralPath $Path -Recurse -File | Measure-Object -Property Length -Sum).Sum
}

# 1. Build environment (reinstalled when pyproject.toml or the PyInstaller pin changes).
if (-not $Python) {
    if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py"; $PyArgs = @("-3") } else { $Python = "python"; $PyArgs = @() }
} else { $PyArgs = @() }
$VenvPy = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPy)) {
    Say "creating the build environment in $Venv"
    Invoke-Checked $Python ($PyArgs + @("-m", "venv", $Venv))
}
$Hasher = [System.Security.Cryptography.SHA256]::Create()
$StampBytes = [byte[]]([System.IO.File]::ReadAllBytes((Join-Path $Root "pyproject.toml")) +
                       [Text.Encoding]::UTF8.GetBytes($PyInstallerSpec))
$StampWant = [BitConverter]::ToString($Hasher.ComputeHash($StampBytes))
$StampFile = Join-Path $Venv ".installed-hash"
if (-not (Test-Path $StampFile) -or (Get-Content $StampFile -Raw).Trim() -ne $StampWant) {
    Say "installing the app and PyInstaller into the build environment"
    Invoke-Checked $VenvPy @("-m", "pip", "install", "-q", "--upgrade", "pip")
    Invoke-Checked $VenvPy @("-m", "pip", "install", "-q", $Root, $PyInstallerSpec)
    Set-Content -Path $StampFile -Value $StampWant
}
$Version = (& $VenvPy -c "from importlib.metadata import version; print(version('lectoure-media'))").Trim()

# 2. Translations (.ts -> .qm), as dev.py does for a checkout.
$LRelease = Join-Path $Venv "Scripts\pyside6-lrelease.exe"
Get-ChildItem (Join-Path $Root "resources\translations") -Filter *.ts | ForEach-Object {
    Invoke-Checked $LRelease @("-silent", $_.FullName, "-qm", [IO.Path]::ChangeExtension($_.FullName, ".qm"))
}

# 3. Frozen app.
Say "freezing Lectoure Media $Version with PyInstaller"
$FreezeStart = Get-Date
foreach ($d in @((Join-Path $Work "pyinstaller"), (Join-Path $Dist "lectoure-media"))) {
    if (Test-Path $d) { Remove-Item -Recurse -Force $d }
}
Invoke-Checked (Join-Path $Venv "Scripts\pyinstaller.exe") @("--noconfirm", "--log-level", "WARN",
    "--distpath", $Dist, "--workpath", (Join-Path $Work "pyinstaller"), (Join-Path $Root "packaging\lectoure_media.spec"))
$FreezeSeconds = [int]((Get-Date) - $FreezeStart).TotalSeconds
$Frozen = Join-Path $Dist "lectoure-media"

function Test-SelfTest([string]$Cli, [string]$DataDir) {
    $env:QT_QPA_PLATFORM = "offscreen"
    $t = Measure-Command { $script:SelfTestOut = (& $Cli --self-test --data-dir $DataDir | Out-String).Trim() }
    if ($LASTEXITCODE -ne 0 -or $script:SelfTestOut -notmatch '^self-test ok \(\d+ assets shown\)$') {
        Fail "$Cli --self-test : « $script:SelfTestOut » (code $LASTEXITCODE)"
    }
    Say "${Cli}: $script:SelfTestOut"
    return [math]::Round($t.TotalSeconds, 2)
}

$FrozenCli = Join-Path $Frozen "lectoure-media-cli.exe"
$GotVersion = (& $FrozenCli --version | Out-String).Trim()
if ($GotVersion -ne "lectoure-media $Version") { Fail "--version affiche « $GotVersion »." }
$SelfTestData = Join-Path $Work "selftest-data"
if (Test-Path $SelfTestData) { Remove-Item -Recurse -Force $SelfTestData }
$FrozenFirst = Test-SelfTest $FrozenCli $SelfTestData

# 4. Installer.
$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($c in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                     "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
        if (Test-Path $c) { $Iscc = $c; break }
    }
}
if (-not $Iscc) { Fail "Inno Setup 6 (ISCC.exe) est introuvable : installez-le (choco install innosetup)." }
Say "building the installer with $Iscc"
Invoke-Checked $Iscc @("/Q", "/DAppVersion=$Version", "/DSourceDir=$Frozen", "/DOutputDir=$Dist",
    (Join-Path $Root "packaging\windows\lectoure-media.iss"))
$Setup = Join-Path $Dist "lectoure-media-$Version-setup.exe"
if (-not (Test-Path $Setup)) { Fail "l'installateur $Setup n'a pas été produit." }

# 5. Silent per-user install into a scratch folder, installed self-test, silent uninstall.
$InstalledBytes = 0; $InstalledFirst = ""; $InstalledAgain = ""
if (-not $SkipInstallTest) {
    $InstallDir = Join-Path $Work "installed"
    if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
    $p = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList @("/VERYSILENT", "/SUPPRESSMSGBOXES",
        "/NORESTART", "/CURRENTUSER", "/DIR=`"$InstallDir`"", "/LOG=`"$Work\install.log`"")
    if ($p.ExitCode -ne 0) { Fail "l'installation silencieuse a échoué (code $($p.ExitCode), journal $Work\install.log)." }
    $InstalledBytes = FolderBytes $InstallDir
    $InstalledData = Join-Path $Work "installed-data"
    if (Test-Path $InstalledData) { Remove-Item -Recurse -Force $InstalledData }
    $InstalledCli = Join-Path $InstallDir "lectoure-media-cli.exe"
    $InstalledFirst = Test-SelfTest $InstalledCli $InstalledData
    $InstalledAgain = Test-SelfTest $InstalledCli $InstalledData
    $p = Start-Process -FilePath (Join-Path $InstallDir "unins000.exe") -Wait -PassThru `
        -ArgumentList @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
    if ($p.ExitCode -ne 0) { Fail "la désinstallation silencieuse a échoué (code $($p.ExitCode))." }
    if (Test-Path (Join-Path $InstallDir "lectoure-media.exe")) { Fail "la désinstallation a laissé l'application en place." }
}

$Total = [int]((Get-Date) - $Started).TotalSeconds
Write-Host ""
Write-Host "Lectoure Media $Version — Windows build"
Write-Host ("  frozen folder        {0}   dist\lectoure-media" -f (MiB (FolderBytes $Frozen)))
Write-Host ("  installer            {0}   {1}" -f (MiB (Get-Item $Setup).Length), (Split-Path $Setup -Leaf))
if (-not $SkipInstallTest) {
    Write-Host ("  installed size       {0}" -f (MiB $InstalledBytes))
    Write-Host "  self-test installed  first run $InstalledFirst s (makes the demo library), next run $InstalledAgain s"
}
Write-Host "  self-test frozen     $FrozenFirst s"
Write-Host "  time                 freeze $FreezeSeconds s, whole build $Total s"
