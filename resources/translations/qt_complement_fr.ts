<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings that PySide6's qtbase_fr.qm leaves in English (their English text changed since it was
     translated). Loaded after qtbase_fr, so it only answers what qtbase_fr does not (gui/app.py). -->
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Regarder dans&#xa0;:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Fichiers de &amp;type&#xa0;:</translation>
    </message>
</context>
</TS>
