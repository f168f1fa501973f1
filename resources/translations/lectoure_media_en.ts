<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
    <context>
        <name>ExportDialog</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="417" />
            <source>%n asset(s) to export</source>
            <translation>
                <numerusform>%n asset to export</numerusform>
                <numerusform>%n assets to export</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="418" />
            <source>%n photo(s)</source>
            <translation>
                <numerusform>%n photo</numerusform>
                <numerusform>%n photos</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="418" />
            <source>%n video(s)</source>
            <translation>
                <numerusform>%n video</numerusform>
                <numerusform>%n videos</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="420" />
            <source>%n missing or unreadable file(s) left out</source>
            <translation>
                <numerusform>%n missing or unreadable file left out</numerusform>
                <numerusform>%n missing or unreadable files left out</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="427" />
            <source>videos only: %n photo(s) will be skipped</source>
            <translation>
                <numerusform>videos only: %n photo will be skipped</numerusform>
                <numerusform>videos only: %n photos will be skipped</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="429" />
            <source>photos only: %n video(s) will be skipped</source>
            <translation>
                <numerusform>photos only: %n video will be skipped</numerusform>
                <numerusform>photos only: %n videos will be skipped</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="604" />
            <source>Exporting %n file(s)…</source>
            <translation>
                <numerusform>Exporting %n file…</numerusform>
                <numerusform>Exporting %n files…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="709" />
            <source>Export cancelled: %n file(s) written</source>
            <translation>
                <numerusform>Export cancelled: %n file written</numerusform>
                <numerusform>Export cancelled: %n files written</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="709" />
            <source>%n not written.</source>
            <translation>
                <numerusform>%n not written.</numerusform>
                <numerusform>%n not written.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="712" />
            <source>Export finished: %n file(s) written.</source>
            <translation>
                <numerusform>Export finished: %n file written.</numerusform>
                <numerusform>Export finished: %n files written.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="714" />
            <source>%n error(s): see the ✗ rows.</source>
            <translation>
                <numerusform>%n error: see the ✗ row.</numerusform>
                <numerusform>%n errors: see the ✗ rows.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Inspector</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="815" />
            <source>Taken %1 m from this heritage site: click to tag %n asset(s) with it.</source>
            <translation>
                <numerusform>Taken %1 m from this heritage site: click to tag %n asset with it.</numerusform>
                <numerusform>Taken %1 m from this heritage site: click to tag %n assets with it.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="664" />
            <source>%n asset(s) selected</source>
            <translation>
                <numerusform>%n asset selected</numerusform>
                <numerusform>%n assets selected</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="698" />
            <source>%n asset(s) selected — %1</source>
            <translation>
                <numerusform>%n asset selected — %1</numerusform>
                <numerusform>%n assets selected — %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/main_window.py" line="335" />
            <source>%n asset(s)</source>
            <translation>
                <numerusform>%n asset</numerusform>
                <numerusform>%n assets</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RegistriesDialog</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="858" />
            <source>The catalogue is updated, but %n XMP file(s) could not be written (for example “%1”: %2). They will be written the next time Lectoure Media starts.</source>
            <translation>
                <numerusform>The catalogue is updated, but %n XMP file could not be written (“%1”: %2). It will be written the next time Lectoure Media starts.</numerusform>
                <numerusform>The catalogue is updated, but %n XMP files could not be written (for example “%1”: %2). They will be written the next time Lectoure Media starts.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="918" />
            <source>%n file(s) of the shared registries could not be read and are ignored.</source>
            <translation>
                <numerusform>%n file of the shared registries could not be read and is ignored.</numerusform>
                <numerusform>%n files of the shared registries could not be read and are ignored.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RegistryPage</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="502" />
            <source>%1 is used by %n asset(s).</source>
            <translation>
                <numerusform>%1 is used by %n asset.</numerusform>
                <numerusform>%1 is used by %n assets.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="582" />
            <source>“%1” is used by %n asset(s).</source>
            <translation>
                <numerusform>“%1” is used by %n asset.</numerusform>
                <numerusform>“%1” is used by %n assets.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="706" />
            <source>Merge “%1” into “%2”?

%n asset(s) tagged “%1” will be tagged “%2” instead (XMP files included), and “%1” and its details will be removed from the list.</source>
            <translation>
                <numerusform>Merge “%1” into “%2”?

%n asset tagged “%1” will be tagged “%2” instead (XMP files included), and “%1” and its details will be removed from the list.</numerusform>
                <numerusform>Merge “%1” into “%2”?

%n assets tagged “%1” will be tagged “%2” instead (XMP files included), and “%1” and its details will be removed from the list.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="726" />
            <source>Delete “%1”?

It is used by %n asset(s): the tag will be taken off them and off their XMP files. The photos and videos themselves are kept.</source>
            <translation>
                <numerusform>Delete “%1”?

It is used by %n asset: the tag will be taken off it and off its XMP file. The photo or video itself is kept.</numerusform>
                <numerusform>Delete “%1”?

It is used by %n assets: the tag will be taken off them and off their XMP files. The photos and videos themselves are kept.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TagCommandText</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="36" />
            <source>Tag %n asset(s) with “%1”</source>
            <translation>
                <numerusform>Tag %n asset with “%1”</numerusform>
                <numerusform>Tag %n assets with “%1”</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="38" />
            <source>Remove “%1” from %n asset(s)</source>
            <translation>
                <numerusform>Remove “%1” from %n asset</numerusform>
                <numerusform>Remove “%1” from %n assets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="39" />
            <source>Change the tags of %n asset(s)</source>
            <translation>
                <numerusform>Change the tags of %n asset</numerusform>
                <numerusform>Change the tags of %n assets</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RightsPanel</name>
        <message numerus="yes">
            <source>%n asset(s) selected: the fields filled in are applied to all.</source>
            <translation>
                <numerusform>%n asset selected: the fields filled in are applied to it.</numerusform>
                <numerusform>%n assets selected: the fields filled in are applied to all.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Change the rights of %n asset(s)</source>
            <translation>
                <numerusform>Change the rights of %n asset</numerusform>
                <numerusform>Change the rights of %n assets</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registry_history.py" line="116" />
            <source>%n earlier version(s) kept in the shared folder.</source>
            <translation>
                <numerusform>%n earlier version kept in the shared folder.</numerusform>
                <numerusform>%n earlier versions kept in the shared folder.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DuplicatesView</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="193" />
            <source>%n group(s) of copies. Each group shows the copy suggested to keep (highest resolution, then the sharpest); the others can go to the trash, their tags are added to the kept one.</source>
            <translation>
                <numerusform>%n group of copies. Each group shows the copy suggested to keep (highest resolution, then the sharpest); the others can go to the trash, their tags are added to the kept one.</numerusform>
                <numerusform>%n groups of copies. Each group shows the copy suggested to keep (highest resolution, then the sharpest); the others can go to the trash, their tags are added to the kept one.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="263" />
            <source>Send %n file(s) to the trash and keep “%1”? Their tags are added to the kept copy first. They can be restored from the trash.</source>
            <translation>
                <numerusform>Send %n file to the trash and keep “%1”? Its tags are added to the kept copy first. It can be restored from the trash.</numerusform>
                <numerusform>Send %n files to the trash and keep “%1”? Their tags are added to the kept copy first. They can be restored from the trash.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="295" />
            <source>%n file(s) sent to the trash; “%1” kept.</source>
            <translation>
                <numerusform>%n file sent to the trash; “%1” kept.</numerusform>
                <numerusform>%n files sent to the trash; “%1” kept.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PickCommandText</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="35" />
            <source>Rate %n asset(s): %1 ★</source>
            <translation>
                <numerusform>Rate %n asset: %1 ★</numerusform>
                <numerusform>Rate %n assets: %1 ★</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="38" />
            <source>Reject %n asset(s)</source>
            <translation>
                <numerusform>Reject %n asset</numerusform>
                <numerusform>Reject %n assets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="41" />
            <source>Pick %n asset(s)</source>
            <translation>
                <numerusform>Pick %n asset</numerusform>
                <numerusform>Pick %n assets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="44" />
            <source>Change the colour label of %n asset(s)</source>
            <translation>
                <numerusform>Change the colour label of %n asset</numerusform>
                <numerusform>Change the colour label of %n assets</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>NewsNotice</name>
        <message numerus="yes">
            <source>%n new asset(s)</source>
            <translation>
                <numerusform>%n new asset</numerusform>
                <numerusform>%n new assets</numerusform>
            </translation>
        </message>
    </context>
</TS>
