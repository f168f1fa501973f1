<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../lectoure_media/gui/app.py" line="62"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/app.py" line="110"/>
        <source>The catalog cannot be opened</source>
        <translation>Le catalogue ne peut pas être ouvert</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/app.py" line="63"/>
        <source>Something went wrong: %1
Details are in the log file.</source>
        <translation>Un problème est survenu&#xa0;: %1
Les détails figurent dans le fichier journal.</translation>
    </message>
</context>
<context>
    <name>BusinessForm</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="188"/>
        <source>(no category)</source>
        <translation>(sans catégorie)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="191"/>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="193"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="194"/>
        <source>In the &amp;town centre</source>
        <translation>En centre-&amp;ville</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="198"/>
        <source>&amp;Facebook:</source>
        <translation>&amp;Facebook&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="198"/>
        <source>page name or address</source>
        <translation>nom ou adresse de la page</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="199"/>
        <source>&amp;Instagram:</source>
        <translation>&amp;Instagram&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="221"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
</context>
<context>
    <name>CampaignForm</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="298"/>
        <source>Sta&amp;rt:</source>
        <translation>&amp;Début&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="299"/>
        <source>&amp;End:</source>
        <translation>&amp;Fin&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="300"/>
        <source>Hash&amp;tags:</source>
        <translation>Hash&amp;tags&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="301"/>
        <source>Separated by spaces or commas; the # is added when missing.</source>
        <translation>Séparés par des espaces ou des virgules&#xa0;; le # est ajouté s’il manque.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="302"/>
        <source>&amp;Credit line:</source>
        <translation>&amp;Crédit photo&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="302"/>
        <source>© Ville de Lectoure</source>
        <translation>© Ville de Lectoure</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="311"/>
        <source>Tick to give a date; campaigns without dates are allowed.</source>
        <translation>Cochez pour indiquer une date&#xa0;; une campagne peut ne pas avoir de dates.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="345"/>
        <source>The campaign ends before it starts: check the dates.</source>
        <translation>La campagne se termine avant de commencer&#xa0;: vérifiez les dates.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="349"/>
        <source>“%1” cannot be a hashtag: use only letters, digits and _ (no hyphen or punctuation).</source>
        <translation>«&#xa0;%1&#xa0;» ne peut pas servir de hashtag&#xa0;: utilisez uniquement des lettres, des chiffres et _ (ni trait d’union ni ponctuation).</translation>
    </message>
</context>
<context>
    <name>CropEditor</name>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="705"/>
        <source>Crop editor — %1</source>
        <translation>Recadrage — %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="668"/>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="705"/>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1241"/>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1251"/>
        <source>Crop editor</source>
        <translation>Recadrage</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="240"/>
        <source>This file cannot be shown: %1.</source>
        <translation>Impossible d’afficher ce fichier&#xa0;: %1.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="243"/>
        <source>The file is no longer there: it was moved, renamed or deleted.</source>
        <translation>Le fichier n’est plus là&#xa0;: il a été déplacé, renommé ou supprimé.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="246"/>
        <source>The file cannot be read: access is denied.</source>
        <translation>Impossible de lire le fichier&#xa0;: l’accès est refusé.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="248"/>
        <source>The file cannot be read right now (is the network share still reachable?).</source>
        <translation>Impossible de lire le fichier pour l’instant (le partage réseau est-il toujours accessible&#xa0;?).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="251"/>
        <source>The picture is too large to be shown.</source>
        <translation>L’image est trop grande pour être affichée.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="252"/>
        <source>This file cannot be shown: it is damaged or in an unexpected format.</source>
        <translation>Impossible d’afficher ce fichier&#xa0;: il est endommagé ou dans un format inattendu.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="309"/>
        <source>Automatic framing is unavailable: frames start centred on the picture.</source>
        <translation>Le cadrage automatique n’est pas disponible&#xa0;: les cadres partent du centre de l’image.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="341"/>
        <source>Picture and crop frame</source>
        <translation>Image et cadre de recadrage</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="574"/>
        <source>Platform buttons and captions</source>
        <translation>Boutons et légendes de la plateforme</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="669"/>
        <source>Something went wrong in the crop editor; the details are in the log.</source>
        <translation>Un problème est survenu dans l’éditeur de recadrage&#xa0;; les détails figurent dans le journal.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="711"/>
        <source>This photo or video is no longer in the catalog.</source>
        <translation>Cette photo ou vidéo ne figure plus dans le catalogue.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="729"/>
        <source>&amp;Formats</source>
        <translation>&amp;Formats</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="736"/>
        <source>Tick the formats to preview; select one to edit its frame.</source>
        <translation>Cochez les formats à prévisualiser&#xa0;; sélectionnez-en un pour modifier son cadre.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="743"/>
        <source>&amp;Reset to automatic</source>
        <translation>&amp;Revenir au cadrage automatique</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="746"/>
        <source>Forget the hand-made frame of this format (Ctrl+R)</source>
        <translation>Oublier le cadre ajusté à la main pour ce format (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="748"/>
        <source>Reset to automatic and clear the &amp;point of interest</source>
        <translation>Revenir à l’automatique et effacer le &amp;point d’intérêt</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="764"/>
        <source>Previous format</source>
        <translation>Format précédent</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="764"/>
        <source>Next format</source>
        <translation>Format suivant</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="774"/>
        <source>Loading the picture…</source>
        <translation>Chargement de l’image…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="783"/>
        <source>Choose the video frame to frame on</source>
        <translation>Choisissez l’image de la vidéo sur laquelle cadrer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="784"/>
        <source>Position in the video</source>
        <translation>Position dans la vidéo</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="801"/>
        <source>Drag the frame to move it and a corner to resize it (its shape stays that of the format); arrow keys and +/− do the same. Click the picture to set the point of interest every automatic frame is centred on.</source>
        <translation>Faites glisser le cadre pour le déplacer et un coin pour le redimensionner (ses proportions restent celles du format)&#xa0;; les flèches du clavier et +/− font de même. Cliquez sur l’image pour placer le point d’intérêt sur lequel chaque cadre automatique est centré.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="824"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="825"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1054"/>
        <source>The stored frame of %1 cannot be used: %2</source>
        <translation>Le cadre enregistré pour %1 est inutilisable&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1104"/>
        <source>frame %1 × %2 px</source>
        <translation>cadre %1 × %2 px</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1105"/>
        <source>set by hand</source>
        <translation>ajusté à la main</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1106"/>
        <source>centred on the point of interest</source>
        <translation>centré sur le point d’intérêt</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1107"/>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1110"/>
        <source>The frame is smaller than the format: the export will be enlarged and may look blurred.</source>
        <translation>Le cadre est plus petit que le format&#xa0;: l’export sera agrandi et risque d’être flou.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1113"/>
        <source>Red areas are covered by the platform&apos;s buttons and captions: keep faces and text out of them.</source>
        <translation>Les zones rouges sont recouvertes par les boutons et légendes de la plateforme&#xa0;: n’y placez ni visage ni texte.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1242"/>
        <source>The framing could not be saved: %1</source>
        <translation>Impossible d’enregistrer le cadrage&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/crop_editor.py" line="1252"/>
        <source>The framing could not be saved; the details are in the log.</source>
        <translation>Impossible d’enregistrer le cadrage&#xa0;; les détails figurent dans le journal.</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="118"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="148"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="174"/>
        <source>N&amp;otes:</source>
        <translation>&amp;Remarques&#xa0;:</translation>
    </message>
</context>
<context>
    <name>FitAdviceBar</name>
    <message>
        <location filename="../../lectoure_media/gui/fit_advice.py" line="33"/>
        <source>Show it &amp;whole</source>
        <translation>Montrer en &amp;entier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/fit_advice.py" line="34"/>
        <source>Fit the whole picture over a blurred background instead of cropping</source>
        <translation>Garder toute l&apos;image sur un fond flou au lieu de la recadrer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/fit_advice.py" line="50"/>
        <source>“%1” would be enlarged %2 times to be cropped for “%3”; shown whole over a blurred background, only %4 times.</source>
        <translation>«&#xa0;%1&#xa0;» serait agrandie %2 fois pour être recadrée au format «&#xa0;%3&#xa0;»&#xa0;; entière sur un fond flou, elle ne le serait que %4 fois.</translation>
    </message>
</context>
<context>
    <name>NewsNotice</name>
    <message>
        <location filename="../../lectoure_media/gui/news_notice.py" line="23"/>
        <source>Show only the media added since you last looked</source>
        <translation>Afficher seulement les médias ajoutés depuis votre dernière consultation</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/news_notice.py" line="32"/>
        <source>New media (click to show all)</source>
        <translation>Nouveaux médias (cliquer pour tout afficher)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/news_notice.py" line="34"/>
        <source>%n new asset(s)</source>
        <translation>
            <numerusform>%n nouveau média</numerusform>
            <numerusform>%n nouveaux médias</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AssetDelegate</name>
    <message>
        <location filename="../../lectoure_media/gui/grid.py" line="27"/>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="233"/>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="777"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="280"/>
        <source>Selection:</source>
        <translation>Sélection&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="302"/>
        <source>Formats:</source>
        <translation>Formats&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="305"/>
        <source>Folder where the exported files are written</source>
        <translation>Dossier où les fichiers exportés sont enregistrés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="306"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Choisir…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="311"/>
        <source>Destination folder:</source>
        <translation>Dossier de destination&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="317"/>
        <source>Insert:</source>
        <translation>Insérer&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="334"/>
        <source>File names:</source>
        <translation>Noms des fichiers&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="338"/>
        <source>Empty: no credit drawn (the campaign&apos;s credit, if any, goes into the file&apos;s metadata)</source>
        <translation>Vide&#xa0;: aucun crédit incrusté (celui de la campagne, s’il existe, va dans les métadonnées du fichier)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="340"/>
        <source>Drawn in a corner of each photo and written in its metadata.</source>
        <translation>Incrusté dans un coin de chaque photo et inscrit dans ses métadonnées.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="341"/>
        <source>Credit line:</source>
        <translation>Crédit photo&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="345"/>
        <source>Optional PNG logo drawn on each photo</source>
        <translation>Logo PNG facultatif incrusté sur chaque photo</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="346"/>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="351"/>
        <source>Logo:</source>
        <translation>Logo&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="353"/>
        <source>&amp;Trim videos to the platform&apos;s time limit</source>
        <translation>&amp;Raccourcir les vidéos à la durée maximale de la plateforme</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="354"/>
        <source>&amp;Fit the whole picture (blurred background) instead of cropping</source>
        <translation>&amp;Montrer toute l’image (fond flouté) au lieu de la recadrer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="363"/>
        <source>No video in the selection.</source>
        <translation>Aucune vidéo dans la sélection.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="364"/>
        <source>Videos:</source>
        <translation>Vidéos&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="375"/>
        <source>Source</source>
        <translation>Fichier source</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="375"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="375"/>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="380"/>
        <source>Drag finished files to a browser or a folder, or copy them with Ctrl+C.</source>
        <translation>Faites glisser les fichiers terminés vers un navigateur ou un dossier, ou copiez-les avec Ctrl+C.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="397"/>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="756"/>
        <source>&amp;Open folder</source>
        <translation>&amp;Ouvrir le dossier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="402"/>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="405"/>
        <source>Cancel export</source>
        <translation>Annuler l’export</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="407"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="417"/>
        <source>%n asset(s) to export</source>
        <translation>
            <numerusform>%n média à exporter</numerusform>
            <numerusform>%n médias à exporter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="418"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="418"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n vidéo</numerusform>
            <numerusform>%n vidéos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="420"/>
        <source>%n missing or unreadable file(s) left out</source>
        <translation>
            <numerusform>%n fichier manquant ou illisible écarté</numerusform>
            <numerusform>%n fichiers manquants ou illisibles écartés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="427"/>
        <source>videos only: %n photo(s) will be skipped</source>
        <translation>
            <numerusform>vidéos uniquement&#xa0;: %n photo sera ignorée</numerusform>
            <numerusform>vidéos uniquement&#xa0;: %n photos seront ignorées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="429"/>
        <source>photos only: %n video(s) will be skipped</source>
        <translation>
            <numerusform>photos uniquement&#xa0;: %n vidéo sera ignorée</numerusform>
            <numerusform>photos uniquement&#xa0;: %n vidéos seront ignorées</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="436"/>
        <source>The source file&apos;s name, without its extension</source>
        <translation>Le nom du fichier d’origine, sans son extension</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="437"/>
        <source>The format&apos;s identifier, e.g. instagram-square</source>
        <translation>L’identifiant du format, par exemple instagram-square</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="438"/>
        <source>The shooting date, e.g. 2024-05-01 ({date:%Y%m%d} gives 20240501)</source>
        <translation>La date de prise de vue, par exemple 2024-05-01 ({date:%Y%m%d} donne 20240501)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="439"/>
        <source>The first business tagged on the asset</source>
        <translation>Le premier commerce étiqueté sur le média</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="440"/>
        <source>The first heritage site tagged on the asset</source>
        <translation>Le premier site patrimonial étiqueté sur le média</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="441"/>
        <source>The first campaign tagged on the asset</source>
        <translation>La première campagne étiquetée sur le média</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="513"/>
        <source>Example: %1</source>
        <translation>Exemple&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="518"/>
        <source>Export to folder</source>
        <translation>Exporter vers le dossier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="524"/>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="525"/>
        <source>Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="543"/>
        <source>None of the selected files can be exported: they are missing or unreadable.</source>
        <translation>Aucun des fichiers sélectionnés ne peut être exporté&#xa0;: ils sont manquants ou illisibles.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="545"/>
        <source>Tick at least one format.</source>
        <translation>Cochez au moins un format.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="547"/>
        <source>Choose the folder where the exported files should go.</source>
        <translation>Choisissez le dossier où enregistrer les fichiers exportés.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="553"/>
        <source>The logo file %1 does not exist.</source>
        <translation>Le fichier de logo %1 n’existe pas.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="555"/>
        <source>None of the ticked formats applies to the selected assets.</source>
        <translation>Aucun des formats cochés ne s’applique aux médias sélectionnés.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="585"/>
        <source>The export could not start; the details are in the log.</source>
        <translation>Impossible de lancer l’export&#xa0;; les détails figurent dans le journal.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="603"/>
        <source>Starting the export…</source>
        <translation>Démarrage de l’export…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="604"/>
        <source>Exporting %n file(s)…</source>
        <translation>
            <numerusform>Export de %n fichier…</numerusform>
            <numerusform>Export de %n fichiers…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="613"/>
        <source>Cancelling: the files being written are discarded…</source>
        <translation>Annulation&#xa0;: les fichiers en cours d’écriture sont abandonnés…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="631"/>
        <source>%1 of %2 — %p%</source>
        <translation>%1 sur %2 — %p%</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="666"/>
        <source>Cancelled, not written</source>
        <translation>Annulé, non écrit</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="685"/>
        <source>The export ended, but its summary could not be shown; the details are in the log.</source>
        <translation>L’export est terminé, mais son bilan n’a pas pu être affiché&#xa0;; les détails figurent dans le journal.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="695"/>
        <source>The export could not run: %1</source>
        <translation>L’export n’a pas pu avoir lieu&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="709"/>
        <source>Export cancelled: %n file(s) written</source>
        <translation>
            <numerusform>Export annulé&#xa0;: %n fichier écrit</numerusform>
            <numerusform>Export annulé&#xa0;: %n fichiers écrits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="709"/>
        <source>%n not written.</source>
        <translation>
            <numerusform>%n non écrit.</numerusform>
            <numerusform>%n non écrits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="712"/>
        <source>Export finished: %n file(s) written.</source>
        <translation>
            <numerusform>Export terminé&#xa0;: %n fichier écrit.</numerusform>
            <numerusform>Export terminé&#xa0;: %n fichiers écrits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/export_dialog.py" line="714"/>
        <source>%n error(s): see the ✗ rows.</source>
        <translation>
            <numerusform>%n erreur&#xa0;: voir la ligne marquée ✗.</numerusform>
            <numerusform>%n erreurs&#xa0;: voir les lignes marquées ✗.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="721"/>
        <source>Warnings:</source>
        <translation>Avertissements&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="747"/>
        <source>The files could not be copied to the clipboard.</source>
        <translation>Impossible de copier les fichiers dans le presse-papiers.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="751"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/export_dialog.py" line="765"/>
        <source>The folder %1 could not be opened.</source>
        <translation>Impossible d’ouvrir le dossier %1.</translation>
    </message>
</context>
<context>
    <name>FacetPanel</name>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="70"/>
        <source>Businesses</source>
        <translation>Commerces</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="70"/>
        <source>Heritage sites</source>
        <translation>Sites patrimoniaux</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="71"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="71"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="81"/>
        <source>Watched folder: %1</source>
        <translation>Dossier surveillé&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/facets.py" line="82"/>
        <source>No folder chosen yet</source>
        <translation>Aucun dossier choisi pour l’instant</translation>
    </message>
</context>
<context>
    <name>HeritageForm</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="235"/>
        <source>&amp;Latitude:</source>
        <translation>&amp;Latitude&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="236"/>
        <source>Longit&amp;ude:</source>
        <translation>Lon&amp;gitude&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="241"/>
        <source>Photos taken within this distance are suggested for this site.</source>
        <translation>Les photos prises à moins de cette distance sont suggérées pour ce site.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="242"/>
        <source>&amp;Radius:</source>
        <translation>Ra&amp;yon&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="244"/>
        <source>Mérimée / Inventaire re&amp;ference:</source>
        <translation>Ré&amp;férence Mérimée / Inventaire&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="245"/>
        <source>A&amp;pproximate coordinates (to check on a map)</source>
        <translation>Coordonnées a&amp;pproximatives (à vérifier sur une carte)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="249"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="274"/>
        <source>%1: “%2” is not a number (write it in decimal degrees, for example 43.9319).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas un nombre (écrivez-le en degrés décimaux, par exemple 43.9319).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="277"/>
        <source>%1 must be between -%2 and %2 degrees.</source>
        <translation>%1 doit être comprise entre -%2 et %2 degrés.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="281"/>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="282"/>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="284"/>
        <source>Give both the latitude and the longitude, or leave both empty.</source>
        <translation>Indiquez à la fois la latitude et la longitude, ou laissez les deux vides.</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="250"/>
        <source>Businesses</source>
        <translation>Commerces</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="250"/>
        <source>Heritage sites</source>
        <translation>Sites patrimoniaux</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="251"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="251"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="252"/>
        <source>Business</source>
        <translation>Commerce</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="252"/>
        <source>Heritage site</source>
        <translation>Site patrimonial</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="253"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="253"/>
        <source>Keyword</source>
        <translation>Mot-clé</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="288"/>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="288"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="288"/>
        <source>Dimensions</source>
        <translation>Dimensions</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="289"/>
        <source>File size</source>
        <translation>Taille du fichier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="289"/>
        <source>Camera</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="289"/>
        <source>Location</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="290"/>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="290"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="323"/>
        <source>No tags yet.</source>
        <translation>Aucune étiquette pour l’instant.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="335"/>
        <source>Kind of tag to add</source>
        <translation>Type d’étiquette à ajouter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="341"/>
        <source>Tag to add</source>
        <translation>Étiquette à ajouter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="346"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="347"/>
        <source>Add this tag to every selected asset (Enter)</source>
        <translation>Ajouter cette étiquette à tous les médias sélectionnés (Entrée)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="382"/>
        <source>Category:</source>
        <translation>Catégorie&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="386"/>
        <source>No category</source>
        <translation>Sans catégorie</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="394"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="397"/>
        <source>Create and tag</source>
        <translation>Créer et étiqueter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="406"/>
        <source>Recent:</source>
        <translation>Récentes&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="330"/>
        <source>Taken at (GPS):</source>
        <translation>Pris sur place (GPS)&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/inspector.py" line="815"/>
        <source>Taken %1 m from this heritage site: click to tag %n asset(s) with it.</source>
        <translation>
            <numerusform>Pris à %1&#xa0;m de ce site patrimonial&#xa0;: cliquez pour l’y rattacher (%n média).</numerusform>
            <numerusform>Pris à %1&#xa0;m de ce site patrimonial&#xa0;: cliquez pour y rattacher ces %n médias.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="449"/>
        <source>The details of the selection could not be shown.</source>
        <translation>Impossible d’afficher les détails de la sélection.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="452"/>
        <source>Add a tag… (Ctrl+T)</source>
        <translation>Étiqueter… (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="453"/>
        <source>Select photos or videos to tag them</source>
        <translation>Sélectionnez des photos ou des vidéos pour les étiqueter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="481"/>
        <location filename="../../lectoure_media/gui/inspector.py" line="549"/>
        <source>Select one or more photos or videos first.</source>
        <translation>Sélectionnez d’abord une ou plusieurs photos ou vidéos.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="504"/>
        <source>“%1” is a new business. Create it and tag the selection?</source>
        <translation>«&#xa0;%1&#xa0;» est un nouveau commerce. Le créer et étiqueter la sélection&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="505"/>
        <source>“%1” is a new heritage site. Create it and tag the selection?</source>
        <translation>«&#xa0;%1&#xa0;» est un nouveau site patrimonial. Le créer et étiqueter la sélection&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="506"/>
        <source>“%1” is a new campaign. Create it and tag the selection?</source>
        <translation>«&#xa0;%1&#xa0;» est une nouvelle campagne. La créer et étiqueter la sélection&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="567"/>
        <source>The tags could not be changed.</source>
        <translation>Impossible de modifier les étiquettes.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="584"/>
        <source>The tags could not be changed: %1</source>
        <translation>Impossible de modifier les étiquettes&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="601"/>
        <source>%1: %2 — %3</source>
        <translation>%1&#xa0;: %2 — %3</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="654"/>
        <source>Tagging</source>
        <translation>Étiquetage</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/inspector.py" line="664"/>
        <source>%n asset(s) selected</source>
        <translation>
            <numerusform>%n média sélectionné</numerusform>
            <numerusform>%n médias sélectionnés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="665"/>
        <source>No selection</source>
        <translation>Aucune sélection</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="676"/>
        <location filename="../../lectoure_media/gui/inspector.py" line="686"/>
        <source>No preview available</source>
        <translation>Aucun aperçu disponible</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="678"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/inspector.py" line="698"/>
        <source>%n asset(s) selected — %1</source>
        <translation>
            <numerusform>%n média sélectionné — %1</numerusform>
            <numerusform>%n médias sélectionnés — %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="709"/>
        <source>(top of the folder)</source>
        <translation>(racine du dossier)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="711"/>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="727"/>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="748"/>
        <source>(altitude %1 m)</source>
        <translation>(alt. %1 m)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="763"/>
        <source>Missing: the file is no longer in the folder.</source>
        <translation>Manquant&#xa0;: le fichier n’est plus dans le dossier.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="766"/>
        <source>Unreadable file: %1</source>
        <translation>Fichier illisible&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="766"/>
        <source>Unreadable file.</source>
        <translation>Fichier illisible.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="800"/>
        <source>XMP file not read: %1</source>
        <translation>Fichier XMP non lu&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="767"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="51"/>
        <source>Lectoure Media</source>
        <translation>Lectoure Media</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="62"/>
        <source>Library</source>
        <translation>Bibliothèque</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="71"/>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="98"/>
        <source>Search and filters</source>
        <translation>Recherche et filtres</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="103"/>
        <source>Search: name, business, site, campaign, camera…</source>
        <translation>Rechercher&#xa0;: nom, commerce, site, campagne, appareil…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="110"/>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="110"/>
        <source>Videos</source>
        <translation>Vidéos</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="110"/>
        <source>Portrait</source>
        <translation>Portrait</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="111"/>
        <source>Landscape</source>
        <translation>Paysage</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="111"/>
        <source>Square</source>
        <translation>Carré</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="112"/>
        <source>Untagged</source>
        <translation>Sans étiquette</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="112"/>
        <source>Missing files</source>
        <translation>Fichiers manquants</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="113"/>
        <source>Errors</source>
        <translation>Erreurs</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="113"/>
        <source>Dates</source>
        <translation>Période</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="132"/>
        <source>Newest first</source>
        <translation>Plus récents d’abord</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="133"/>
        <source>By name</source>
        <translation>Par nom</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="139"/>
        <source>No folder watched</source>
        <translation>Aucun dossier surveillé</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="149"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="157"/>
        <source>Thumbnail size</source>
        <translation>Taille des vignettes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="162"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="163"/>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="164"/>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="175"/>
        <source>&amp;Open folder…</source>
        <translation>&amp;Ouvrir un dossier…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="177"/>
        <source>&amp;Rescan the folder</source>
        <translation>&amp;Réanalyser le dossier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="178"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="180"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="181"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="183"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="187"/>
        <source>&amp;Find</source>
        <translation>Re&amp;chercher</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="189"/>
        <source>&amp;Tag the selection</source>
        <translation>É&amp;tiqueter la sélection</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="191"/>
        <source>&amp;Businesses, sites and campaigns…</source>
        <translation>&amp;Commerces, sites et campagnes…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="193"/>
        <source>&amp;Crop editor…</source>
        <translation>Éditeur de &amp;recadrage…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="196"/>
        <source>Open the &amp;demo library</source>
        <translation>Ouvrir la bibliothèque de &amp;démonstration</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="197"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="202"/>
        <source>Choose the shared photo folder (a network drive such as P:\ or \\server\photos works: it is then checked by polling).</source>
        <translation>Choisissez le dossier partagé des photos (un lecteur réseau comme P:\ ou \\serveur\photos convient&#xa0;: il est alors surveillé en mode scrutation).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="205"/>
        <source>Folder to watch</source>
        <translation>Dossier à surveiller</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="234"/>
        <source>Scanning the folder…</source>
        <translation>Analyse du dossier…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="260"/>
        <source>Scan cancelled.</source>
        <translation>Analyse annulée.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="282"/>
        <source>Starting to watch the folder…</source>
        <translation>Démarrage de la surveillance du dossier…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="283"/>
        <source>Watching the folder</source>
        <translation>Surveillance du dossier</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="284"/>
        <source>Polling mode (network share): the folder is re-read regularly</source>
        <translation>Mode scrutation (partage réseau) : le dossier est relu régulièrement</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="285"/>
        <source>Watching stopped</source>
        <translation>Surveillance arrêtée</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="288"/>
        <source>Share unreachable — retrying in %1 s</source>
        <translation>Partage inaccessible — nouvel essai dans %1 s</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/main_window.py" line="335"/>
        <source>%n asset(s)</source>
        <translation>
            <numerusform>%n média</numerusform>
            <numerusform>%n médias</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="364"/>
        <source>Crop editor</source>
        <translation>Recadrage</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="364"/>
        <source>Select a photo or a video first.</source>
        <translation>Sélectionnez d’abord une photo ou une vidéo.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="374"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="374"/>
        <source>Select the photos and videos to export first.</source>
        <translation>Sélectionnez d’abord les photos et vidéos à exporter.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="384"/>
        <source>Welcome to Lectoure Media</source>
        <translation>Bienvenue dans Lectoure Media</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="385"/>
        <source>Choose the folder where the town&apos;s photos and videos are kept. A network drive (for example P:\ or \\server\photos) works: it is checked regularly.</source>
        <translation>Choisissez le dossier où sont rangées les photos et vidéos de la ville. Un lecteur réseau (par exemple P:\ ou \\serveur\photos) convient&#xa0;: il est vérifié régulièrement.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="387"/>
        <source>Choose the folder…</source>
        <translation>Choisir le dossier…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="388"/>
        <source>Open the demo library</source>
        <translation>Ouvrir la bibliothèque de démonstration</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="390"/>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="408"/>
        <source>Demo</source>
        <translation>Démonstration</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="412"/>
        <source>Preparing the demo library…</source>
        <translation>Préparation de la bibliothèque de démonstration…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="419"/>
        <source>Settings saved. The language applies at the next start.</source>
        <translation>Paramètres enregistrés. La langue sera appliquée au prochain démarrage.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="110"/>
        <source>The search failed: %1</source>
        <translation>La recherche a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/main_window.py" line="176"/>
        <source>Date added</source>
        <translation>Date d&apos;ajout</translation>
    </message>
</context>
<context>
    <name>RegistriesDialog</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="69"/>
        <source>%1: this field cannot be empty.</source>
        <translation>%1&#xa0;: ce champ ne peut pas être vide.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="71"/>
        <source>%1: this field cannot contain “/” or “|” (other programs use them to separate tag levels).</source>
        <translation>%1&#xa0;: ce champ ne peut pas contenir «&#xa0;/&#xa0;» ni «&#xa0;|&#xa0;» (d’autres logiciels s’en servent pour séparer les niveaux d’étiquettes).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="75"/>
        <source>%1: this field is longer than 200 characters.</source>
        <translation>%1&#xa0;: ce champ dépasse 200 caractères.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="78"/>
        <source>%1: this field contains invisible control characters.</source>
        <translation>%1&#xa0;: ce champ contient des caractères de contrôle invisibles.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="750"/>
        <source>Businesses, sites and campaigns</source>
        <translation>Commerces, sites et campagnes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="767"/>
        <source>Businesses</source>
        <translation>Commerces</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="767"/>
        <source>Heritage sites</source>
        <translation>Sites patrimoniaux</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="768"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="768"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="792"/>
        <source>The catalogue is open read-only (another Lectoure Media program holds it): the lists can be read here but not changed.</source>
        <translation>Le catalogue est ouvert en lecture seule (un autre programme Lectoure Media l’utilise)&#xa0;: les listes sont consultables ici mais pas modifiables.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/registries.py" line="858"/>
        <source>The catalogue is updated, but %n XMP file(s) could not be written (for example “%1”: %2). They will be written the next time Lectoure Media starts.</source>
        <translation>
            <numerusform>Le catalogue est à jour, mais %n fichier XMP n’a pas pu être écrit (par exemple «&#xa0;%1&#xa0;»&#xa0;: %2). Il sera écrit au prochain démarrage de Lectoure Media.</numerusform>
            <numerusform>Le catalogue est à jour, mais %n fichiers XMP n’ont pas pu être écrits (par exemple «&#xa0;%1&#xa0;»&#xa0;: %2). Ils seront écrits au prochain démarrage de Lectoure Media.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="880"/>
        <source>The change could not be completed: %1</source>
        <translation>La modification n’a pas pu aboutir&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="381"/>
        <source>The change could not be written to disk: %1</source>
        <translation>Impossible d’enregistrer la modification sur le disque&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="385"/>
        <source>Unexpected error (details in the log): %1</source>
        <translation>Erreur inattendue (détails dans le journal)&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="407"/>
        <source>Filter…</source>
        <translation>Filtrer…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="413"/>
        <source>Ne&amp;w</source>
        <translation>No&amp;uveau</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="414"/>
        <source>Rena&amp;me…</source>
        <translation>Reno&amp;mmer…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="415"/>
        <source>Mer&amp;ge into…</source>
        <translation>Fusi&amp;onner avec…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="416"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="417"/>
        <source>New entry (Ctrl+N)</source>
        <translation>Nouvelle entrée (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="418"/>
        <source>Rename everywhere, including the photos&apos; XMP files (F2)</source>
        <translation>Renommer partout, y compris dans les fichiers XMP des photos (F2)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="419"/>
        <source>Move every asset of this entry to another one, then remove it</source>
        <translation>Reporter tous les médias de cette entrée sur une autre, puis la supprimer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="420"/>
        <source>Delete the entry and take it off its assets (Del)</source>
        <translation>Supprimer l’entrée et la retirer de ses médias (Suppr)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="445"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="446"/>
        <source>Save the details (Ctrl+S)</source>
        <translation>Enregistrer la fiche (Ctrl+S)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/registries.py" line="502"/>
        <source>%1 is used by %n asset(s).</source>
        <translation>
            <numerusform>%1&#xa0;: %n média étiqueté.</numerusform>
            <numerusform>%1&#xa0;: %n médias étiquetés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="579"/>
        <source>New entry: type its name and details, then Save.</source>
        <translation>Nouvelle entrée&#xa0;: saisissez son nom et sa fiche, puis enregistrez.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/registries.py" line="582"/>
        <source>“%1” is used by %n asset(s).</source>
        <translation>
            <numerusform>«&#xa0;%1&#xa0;»&#xa0;: %n média étiqueté.</numerusform>
            <numerusform>«&#xa0;%1&#xa0;»&#xa0;: %n médias étiquetés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="585"/>
        <source>Save the changes to “%1”?</source>
        <translation>Enregistrer les modifications de «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="586"/>
        <source>Save the new entry?</source>
        <translation>Enregistrer la nouvelle entrée&#xa0;?</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="633"/>
        <source>“%1” already exists in this list: select it to edit it.</source>
        <translation>«&#xa0;%1&#xa0;» existe déjà dans cette liste&#xa0;: sélectionnez-le pour le modifier.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="654"/>
        <source>Select the entry to rename first.</source>
        <translation>Sélectionnez d’abord l’entrée à renommer.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="660"/>
        <source>New name for “%1”:</source>
        <translation>Nouveau nom pour «&#xa0;%1&#xa0;»&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="665"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="674"/>
        <source>Renaming “%1” to “%2”…</source>
        <translation>Renommage de «&#xa0;%1&#xa0;» en «&#xa0;%2&#xa0;»…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="683"/>
        <source>Select the entry to merge first.</source>
        <translation>Sélectionnez d’abord l’entrée à fusionner.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="690"/>
        <source>There is no other entry to merge into.</source>
        <translation>Il n’y a aucune autre entrée avec laquelle fusionner.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="693"/>
        <source>Merge “%1” into:</source>
        <translation>Fusionner «&#xa0;%1&#xa0;» avec&#xa0;:</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="700"/>
        <source>“%1” is not in this list.</source>
        <translation>«&#xa0;%1&#xa0;» ne figure pas dans cette liste.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/registries.py" line="706"/>
        <source>Merge “%1” into “%2”?

%n asset(s) tagged “%1” will be tagged “%2” instead (XMP files included), and “%1” and its details will be removed from the list.</source>
        <translation>
            <numerusform>Fusionner «&#xa0;%1&#xa0;» avec «&#xa0;%2&#xa0;»&#xa0;?

%n média étiqueté «&#xa0;%1&#xa0;» sera étiqueté «&#xa0;%2&#xa0;» à la place (fichiers XMP compris), et «&#xa0;%1&#xa0;» sera retiré de la liste avec sa fiche.</numerusform>
            <numerusform>Fusionner «&#xa0;%1&#xa0;» avec «&#xa0;%2&#xa0;»&#xa0;?

%n médias étiquetés «&#xa0;%1&#xa0;» seront étiquetés «&#xa0;%2&#xa0;» à la place (fichiers XMP compris), et «&#xa0;%1&#xa0;» sera retiré de la liste avec sa fiche.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="712"/>
        <source>Merging “%1” into “%2”…</source>
        <translation>Fusion de «&#xa0;%1&#xa0;» avec «&#xa0;%2&#xa0;»…</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="722"/>
        <source>Select the entry to delete first.</source>
        <translation>Sélectionnez d’abord l’entrée à supprimer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/registries.py" line="726"/>
        <source>Delete “%1”?

It is used by %n asset(s): the tag will be taken off them and off their XMP files. The photos and videos themselves are kept.</source>
        <translation>
            <numerusform>Supprimer «&#xa0;%1&#xa0;»&#xa0;?

%n média l’utilise&#xa0;: l’étiquette lui sera retirée, ainsi qu’à son fichier XMP. La photo ou la vidéo elle-même est conservée.</numerusform>
            <numerusform>Supprimer «&#xa0;%1&#xa0;»&#xa0;?

%n médias l’utilisent&#xa0;: l’étiquette leur sera retirée, ainsi qu’à leurs fichiers XMP. Les photos et vidéos elles-mêmes sont conservées.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="730"/>
        <source>Delete “%1”? No asset uses it.</source>
        <translation>Supprimer «&#xa0;%1&#xa0;»&#xa0;? Aucun média ne l’utilise.</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/registries.py" line="734"/>
        <source>Deleting “%1”…</source>
        <translation>Suppression de «&#xa0;%1&#xa0;»…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="15"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="18"/>
        <source>Automatic (French on a French system)</source>
        <translation>Automatique (français sur un système en français)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="22"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="27"/>
        <source>How often a network share is re-read (polling mode).</source>
        <translation>Fréquence de relecture d’un partage réseau (mode scrutation).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="28"/>
        <source>Polling interval</source>
        <translation>Intervalle de scrutation</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="31"/>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="33"/>
        <source>Thumbnail cache size</source>
        <translation>Taille du cache des vignettes</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="35"/>
        <source>e.g. Photo: Ville de Lectoure</source>
        <translation>par ex. Photo&#xa0;: Ville de Lectoure</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="36"/>
        <source>Default credit line</source>
        <translation>Crédit photo par défaut</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="38"/>
        <source>Catalog, thumbnails and logs of this PC (never on the shared folder).</source>
        <translation>Catalogue, vignettes et journaux de ce PC (jamais dans le dossier partagé).</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/settings_dialog.py" line="39"/>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
</context>
<context>
    <name>TagChip</name>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="182"/>
        <source>%1 (%2/%3)</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="187"/>
        <source>On %1 of the %2 selected assets</source>
        <translation>Présente sur %1 des %2 médias sélectionnés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="192"/>
        <source>Add “%1” to all selected assets</source>
        <translation>Ajouter «&#xa0;%1&#xa0;» à tous les médias sélectionnés</translation>
    </message>
    <message>
        <location filename="../../lectoure_media/gui/inspector.py" line="204"/>
        <source>Remove “%1” from all selected assets</source>
        <translation>Retirer «&#xa0;%1&#xa0;» de tous les médias sélectionnés</translation>
    </message>
</context>
<context>
    <name>TagCommandText</name>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/commands.py" line="36"/>
        <source>Tag %n asset(s) with “%1”</source>
        <translation>
            <numerusform>Étiqueter %n média avec «&#xa0;%1&#xa0;»</numerusform>
            <numerusform>Étiqueter %n médias avec «&#xa0;%1&#xa0;»</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/commands.py" line="38"/>
        <source>Remove “%1” from %n asset(s)</source>
        <translation>
            <numerusform>Retirer «&#xa0;%1&#xa0;» de %n média</numerusform>
            <numerusform>Retirer «&#xa0;%1&#xa0;» de %n médias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../lectoure_media/gui/commands.py" line="39"/>
        <source>Change the tags of %n asset(s)</source>
        <translation>
            <numerusform>Modifier les étiquettes de %n média</numerusform>
            <numerusform>Modifier les étiquettes de %n médias</numerusform>
        </translation>
    </message>
</context>
</TS>
