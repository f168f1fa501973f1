; Inno Setup 6 script for Lectoure Media (compiled by packaging/windows/build.ps1, or by hand:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\lectoure-media.iss
; after PyInstaller has written dist\lectoure-media\).
;
; Install modes (docs/install.md has the IT commands):
;  - default: per-user, no administrator rights, into %LOCALAPPDATA%\Programs\Lectoure Media;
;  - per-machine when run elevated or with /ALLUSERS: into C:\Program Files\Lectoure Media.
; Uninstalling never touches the watched photo folder, and keeps the user's catalog
; (%LOCALAPPDATA%\LectoureMedia) unless the user says so or the uninstaller gets /PURGEDATA.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (build.ps1 reads it from the package metadata)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\lectoure-media"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Lectoure Media"
#define AppExe "lectoure-media.exe"

[Setup]
; The AppId ties upgrades and the uninstaller to this product: never change it.
AppId={{BC346D8A-EEB1-4936-98F2-FD0DFC3974E7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Ville de Lectoure
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (office PCs where the officer has no admin rights); the dialog lets an admin choose
; all users, and /ALLUSERS or /CURRENTUSER choose it on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=lectoure-media-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\lectoure-media.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; The licence page shows the app's MIT licence followed by the third-party notices (LGPL Qt, FFmpeg...).
LicenseFile=..\THIRD-PARTY-NOTICES.txt
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
ShowLanguageDialog=auto
; A running copy holds its DLLs open: ask to close it (Restart Manager) rather than fail half-way.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.AppComment=Photos et vidéos de la communication municipale
english.AppComment=Photos and videos of the town's communication office
french.DeleteUserData=Supprimer aussi le catalogue, les vignettes et les réglages de Lectoure Media de cet utilisateur ?%n%n%1%n%nLes photos et vidéos du dossier partagé ne sont jamais supprimées. Répondez Non pour garder le catalogue (réinstallation, mise à jour).
english.DeleteUserData=Also delete this user's Lectoure Media catalog, thumbnails and settings?%n%n%1%n%nThe photos and videos in the shared folder are never deleted. Answer No to keep the catalog (reinstall, upgrade).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder; ignoreversion because the DLLs' own version numbers are not ours.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
Source: "..\THIRD-PARTY-NOTICES.txt"; DestDir: "{app}"; Flags: ignoreversion

[InstallDelete]
; An upgrade must not keep libraries that the new version no longer ships (a stale Qt or FFmpeg DLL next
; to the new ones is loaded first).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The catalog lives where platformdirs puts it for the app name "LectoureMedia" (lectoure_media/core/library.py).
function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\LectoureMedia');
end;

function PurgeRequested(): Boolean;
begin
  Result := Pos('/PURGEDATA', Uppercase(GetCmdTail())) > 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := UserDataDir();
  if not DirExists(DataDir) then
    Exit;
  // Silent uninstalls (IT scripts, upgrades) keep the catalog unless /PURGEDATA is given; interactive ones ask,
  // with No as the default answer.
  if PurgeRequested() or
     ((not UninstallSilent()) and
      (MsgBox(FmtMessage(CustomMessage('DeleteUserData'), [DataDir]), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES)) then
    DelTree(DataDir, True, True, True);
end;
