<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>App</name>
        <message>
            <location filename="../../lectoure_media/gui/app.py" line="62" />
            <source>Unexpected error</source>
            <translation>Erreur inattendue</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/app.py" line="110" />
            <source>The catalog cannot be opened</source>
            <translation>Le catalogue ne peut pas être ouvert</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/app.py" line="63" />
            <source>Something went wrong: %1
Details are in the log file.</source>
            <translation>Un problème est survenu : %1
Les détails figurent dans le fichier journal.</translation>
        </message>
    </context>
    <context>
        <name>AssetDelegate</name>
        <message>
            <location filename="../../lectoure_media/gui/grid.py" line="76" />
            <source>File not found</source>
            <translation>Fichier introuvable</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/grid.py" line="27" />
            <source>New</source>
            <translation>Nouveau</translation>
        </message>
    </context>
    <context>
        <name>BusinessForm</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="188" />
            <source>(no category)</source>
            <translation>(sans catégorie)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="191" />
            <source>&amp;Category:</source>
            <translation>&amp;Catégorie :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="193" />
            <source>&amp;Address:</source>
            <translation>&amp;Adresse :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="194" />
            <source>In the &amp;town centre</source>
            <translation>En centre-&amp;ville</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="198" />
            <source>&amp;Facebook:</source>
            <translation>&amp;Facebook :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="198" />
            <source>page name or address</source>
            <translation>nom ou adresse de la page</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="199" />
            <source>&amp;Instagram:</source>
            <translation>&amp;Instagram :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="221" />
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="228" />
            <source>TikTo&amp;k:</source>
            <translation>TikTo&amp;k :</translation>
        </message>
    </context>
    <context>
        <name>CampaignForm</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="298" />
            <source>Sta&amp;rt:</source>
            <translation>&amp;Début :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="299" />
            <source>&amp;End:</source>
            <translation>&amp;Fin :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="300" />
            <source>Hash&amp;tags:</source>
            <translation>Hash&amp;tags :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="301" />
            <source>Separated by spaces or commas; the # is added when missing.</source>
            <translation>Séparés par des espaces ou des virgules ; le # est ajouté s’il manque.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="302" />
            <source>&amp;Credit line:</source>
            <translation>&amp;Crédit photo :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="302" />
            <source>© Ville de Lectoure</source>
            <translation>© Ville de Lectoure</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="311" />
            <source>Tick to give a date; campaigns without dates are allowed.</source>
            <translation>Cochez pour indiquer une date ; une campagne peut ne pas avoir de dates.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="345" />
            <source>The campaign ends before it starts: check the dates.</source>
            <translation>La campagne se termine avant de commencer : vérifiez les dates.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="349" />
            <source>“%1” cannot be a hashtag: use only letters, digits and _ (no hyphen or punctuation).</source>
            <translation>« %1 » ne peut pas servir de hashtag : utilisez uniquement des lettres, des chiffres et _ (ni trait d’union ni ponctuation).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="342" />
            <source>Empty: the default caption. Fields: {business} {handle} {site} {campaign} {hashtags} {credit} {date}</source>
            <translation>Vide : la légende par défaut. Champs : {business} {handle} {site} {campaign} {hashtags} {credit} {date}</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="344" />
            <source>Caption te&amp;mplate:</source>
            <translation>Modèle de &amp;légende :</translation>
        </message>
    </context>
    <context>
        <name>CropEditor</name>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="705" />
            <source>Crop editor — %1</source>
            <translation>Recadrage — %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="668" />
            <location filename="../../lectoure_media/gui/crop_editor.py" line="705" />
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1241" />
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1251" />
            <source>Crop editor</source>
            <translation>Recadrage</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="240" />
            <source>This file cannot be shown: %1.</source>
            <translation>Impossible d’afficher ce fichier : %1.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="243" />
            <source>The file is no longer there: it was moved, renamed or deleted.</source>
            <translation>Le fichier n’est plus là : il a été déplacé, renommé ou supprimé.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="246" />
            <source>The file cannot be read: access is denied.</source>
            <translation>Impossible de lire le fichier : l’accès est refusé.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="248" />
            <source>The file cannot be read right now (is the network share still reachable?).</source>
            <translation>Impossible de lire le fichier pour l’instant (le partage réseau est-il toujours accessible ?).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="251" />
            <source>The picture is too large to be shown.</source>
            <translation>L’image est trop grande pour être affichée.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="252" />
            <source>This file cannot be shown: it is damaged or in an unexpected format.</source>
            <translation>Impossible d’afficher ce fichier : il est endommagé ou dans un format inattendu.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="309" />
            <source>Automatic framing is unavailable: frames start centred on the picture.</source>
            <translation>Le cadrage automatique n’est pas disponible : les cadres partent du centre de l’image.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="341" />
            <source>Picture and crop frame</source>
            <translation>Image et cadre de recadrage</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="574" />
            <source>Platform buttons and captions</source>
            <translation>Boutons et légendes de la plateforme</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="669" />
            <source>Something went wrong in the crop editor; the details are in the log.</source>
            <translation>Un problème est survenu dans l’éditeur de recadrage ; les détails figurent dans le journal.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="711" />
            <source>This photo or video is no longer in the catalog.</source>
            <translation>Cette photo ou vidéo ne figure plus dans le catalogue.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="729" />
            <source>&amp;Formats</source>
            <translation>&amp;Formats</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="736" />
            <source>Tick the formats to preview; select one to edit its frame.</source>
            <translation>Cochez les formats à prévisualiser ; sélectionnez-en un pour modifier son cadre.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="743" />
            <source>&amp;Reset to automatic</source>
            <translation>&amp;Revenir au cadrage automatique</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="746" />
            <source>Forget the hand-made frame of this format (Ctrl+R)</source>
            <translation>Oublier le cadre ajusté à la main pour ce format (Ctrl+R)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="748" />
            <source>Reset to automatic and clear the &amp;point of interest</source>
            <translation>Revenir à l’automatique et effacer le &amp;point d’intérêt</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="764" />
            <source>Previous format</source>
            <translation>Format précédent</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="764" />
            <source>Next format</source>
            <translation>Format suivant</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="774" />
            <source>Loading the picture…</source>
            <translation>Chargement de l’image…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="783" />
            <source>Choose the video frame to frame on</source>
            <translation>Choisissez l’image de la vidéo sur laquelle cadrer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="784" />
            <source>Position in the video</source>
            <translation>Position dans la vidéo</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="801" />
            <source>Drag the frame to move it and a corner to resize it (its shape stays that of the format); arrow keys and +/− do the same. Click the picture to set the point of interest every automatic frame is centred on.</source>
            <translation>Faites glisser le cadre pour le déplacer et un coin pour le redimensionner (ses proportions restent celles du format) ; les flèches du clavier et +/− font de même. Cliquez sur l’image pour placer le point d’intérêt sur lequel chaque cadre automatique est centré.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="824" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="825" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1054" />
            <source>The stored frame of %1 cannot be used: %2</source>
            <translation>Le cadre enregistré pour %1 est inutilisable : %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1104" />
            <source>frame %1 × %2 px</source>
            <translation>cadre %1 × %2 px</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1105" />
            <source>set by hand</source>
            <translation>ajusté à la main</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1106" />
            <source>centred on the point of interest</source>
            <translation>centré sur le point d’intérêt</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1107" />
            <source>automatic</source>
            <translation>automatique</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1110" />
            <source>The frame is smaller than the format: the export will be enlarged and may look blurred.</source>
            <translation>Le cadre est plus petit que le format : l’export sera agrandi et risque d’être flou.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1113" />
            <source>Red areas are covered by the platform's buttons and captions: keep faces and text out of them.</source>
            <translation>Les zones rouges sont recouvertes par les boutons et légendes de la plateforme : n’y placez ni visage ni texte.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1242" />
            <source>The framing could not be saved: %1</source>
            <translation>Impossible d’enregistrer le cadrage : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/crop_editor.py" line="1252" />
            <source>The framing could not be saved; the details are in the log.</source>
            <translation>Impossible d’enregistrer le cadrage ; les détails figurent dans le journal.</translation>
        </message>
    </context>
    <context>
        <name>CropPreviewStrip</name>
        <message>
            <location filename="../../lectoure_media/gui/publish_preview.py" line="138" />
            <source>Tick a format to see its crop here.</source>
            <translation>Cochez un format pour voir son cadrage ici.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publish_preview.py" line="187" />
            <source>Does not apply to the selection</source>
            <translation>Ne s’applique pas à la sélection</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publish_preview.py" line="189" />
            <source>No preview</source>
            <translation>Pas d’aperçu</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publish_preview.py" line="192" />
            <source>Preparing…</source>
            <translation>Préparation…</translation>
        </message>
    </context>
    <context>
        <name>EmptyState</name>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="33" />
            <source>Choose the folder…</source>
            <translation>Choisir le dossier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="37" />
            <source>Open the demo library</source>
            <translation>Ouvrir la photothèque de démonstration</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="40" />
            <source>Clear the filters</source>
            <translation>Effacer les filtres</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="53" />
            <source>No folder chosen yet</source>
            <translation>Aucun dossier choisi pour l’instant</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="55" />
            <source>Choose the shared folder where the town's photos and videos are kept (Ctrl+O), or try the demo library.</source>
            <translation>Choisissez le dossier partagé où sont rangées les photos et vidéos de la ville (Ctrl+O), ou essayez la photothèque de démonstration.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="60" />
            <source>No photo or video matches these filters</source>
            <translation>Aucune photo ni vidéo ne correspond à ces filtres</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="61" />
            <source>Remove a filter with its ×, or clear them all.</source>
            <translation>Retirez un filtre avec sa croix ×, ou effacez-les tous.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="64" />
            <source>No photos or videos in this folder yet</source>
            <translation>Pas encore de photos ni de vidéos dans ce dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/empty_state.py" line="65" />
            <source>Copy photos or videos into the folder: they appear here by themselves.</source>
            <translation>Copiez des photos ou des vidéos dans le dossier : elles apparaissent ici d’elles-mêmes.</translation>
        </message>
    </context>
    <context>
        <name>EntryForm</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="118" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="148" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="174" />
            <source>N&amp;otes:</source>
            <translation>&amp;Remarques :</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="233" />
            <location filename="../../lectoure_media/gui/export_dialog.py" line="777" />
            <source>Export</source>
            <translation>Exporter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="280" />
            <source>Selection:</source>
            <translation>Sélection :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="302" />
            <source>Formats:</source>
            <translation>Formats :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="305" />
            <source>Folder where the exported files are written</source>
            <translation>Dossier où les fichiers exportés sont enregistrés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="306" />
            <source>&amp;Choose…</source>
            <translation>&amp;Choisir…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="311" />
            <source>Destination folder:</source>
            <translation>Dossier de destination :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="317" />
            <source>Insert:</source>
            <translation>Insérer :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="334" />
            <source>File names:</source>
            <translation>Noms des fichiers :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="338" />
            <source>Empty: no credit drawn (the campaign's credit, if any, goes into the file's metadata)</source>
            <translation>Vide : aucun crédit incrusté (celui de la campagne, s’il existe, va dans les métadonnées du fichier)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="340" />
            <source>Drawn in a corner of each photo and written in its metadata.</source>
            <translation>Incrusté dans un coin de chaque photo et inscrit dans ses métadonnées.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="341" />
            <source>Credit line:</source>
            <translation>Crédit photo :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="345" />
            <source>Optional PNG logo drawn on each photo</source>
            <translation>Logo PNG facultatif incrusté sur chaque photo</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="346" />
            <source>C&amp;hoose…</source>
            <translation>C&amp;hoisir…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="351" />
            <source>Logo:</source>
            <translation>Logo :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="353" />
            <source>&amp;Trim videos to the platform's time limit</source>
            <translation>&amp;Raccourcir les vidéos à la durée maximale de la plateforme</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="354" />
            <source>&amp;Fit the whole picture (blurred background) instead of cropping</source>
            <translation>&amp;Montrer toute l’image (fond flouté) au lieu de la recadrer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="363" />
            <source>No video in the selection.</source>
            <translation>Aucune vidéo dans la sélection.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="364" />
            <source>Videos:</source>
            <translation>Vidéos :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="375" />
            <source>Source</source>
            <translation>Fichier source</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="375" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="375" />
            <source>Result</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="380" />
            <source>Drag finished files to a browser or a folder, or copy them with Ctrl+C.</source>
            <translation>Faites glisser les fichiers terminés vers un navigateur ou un dossier, ou copiez-les avec Ctrl+C.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="397" />
            <location filename="../../lectoure_media/gui/export_dialog.py" line="756" />
            <source>&amp;Open folder</source>
            <translation>&amp;Ouvrir le dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="402" />
            <source>&amp;Export</source>
            <translation>&amp;Exporter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="405" />
            <source>Cancel export</source>
            <translation>Annuler l’export</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="407" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="417" />
            <source>%n asset(s) to export</source>
            <translation>
                <numerusform>%n média à exporter</numerusform>
                <numerusform>%n médias à exporter</numerusform>
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
                <numerusform>%n vidéo</numerusform>
                <numerusform>%n vidéos</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="420" />
            <source>%n missing or unreadable file(s) left out</source>
            <translation>
                <numerusform>%n fichier manquant ou illisible écarté</numerusform>
                <numerusform>%n fichiers manquants ou illisibles écartés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="427" />
            <source>videos only: %n photo(s) will be skipped</source>
            <translation>
                <numerusform>vidéos uniquement : %n photo sera ignorée</numerusform>
                <numerusform>vidéos uniquement : %n photos seront ignorées</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="429" />
            <source>photos only: %n video(s) will be skipped</source>
            <translation>
                <numerusform>photos uniquement : %n vidéo sera ignorée</numerusform>
                <numerusform>photos uniquement : %n vidéos seront ignorées</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="436" />
            <source>The source file's name, without its extension</source>
            <translation>Le nom du fichier d’origine, sans son extension</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="437" />
            <source>The format's identifier, e.g. instagram-square</source>
            <translation>L’identifiant du format, par exemple instagram-square</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="438" />
            <source>The shooting date, e.g. 2024-05-01 ({date:%Y%m%d} gives 20240501)</source>
            <translation>La date de prise de vue, par exemple 2024-05-01 ({date:%Y%m%d} donne 20240501)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="439" />
            <source>The first business tagged on the asset</source>
            <translation>Le premier commerce étiqueté sur le média</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="440" />
            <source>The first heritage site tagged on the asset</source>
            <translation>Le premier site patrimonial étiqueté sur le média</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="441" />
            <source>The first campaign tagged on the asset</source>
            <translation>La première campagne étiquetée sur le média</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="513" />
            <source>Example: %1</source>
            <translation>Exemple : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="518" />
            <source>Export to folder</source>
            <translation>Exporter vers le dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="524" />
            <source>Logo</source>
            <translation>Logo</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="525" />
            <source>Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)</source>
            <translation>Images (*.png *.webp *.jpg *.jpeg *.tif *.tiff)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="543" />
            <source>None of the selected files can be exported: they are missing or unreadable.</source>
            <translation>Aucun des fichiers sélectionnés ne peut être exporté : ils sont manquants ou illisibles.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="545" />
            <source>Tick at least one format.</source>
            <translation>Cochez au moins un format.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="547" />
            <source>Choose the folder where the exported files should go.</source>
            <translation>Choisissez le dossier où enregistrer les fichiers exportés.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="553" />
            <source>The logo file %1 does not exist.</source>
            <translation>Le fichier de logo %1 n’existe pas.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="555" />
            <source>None of the ticked formats applies to the selected assets.</source>
            <translation>Aucun des formats cochés ne s’applique aux médias sélectionnés.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="585" />
            <source>The export could not start; the details are in the log.</source>
            <translation>Impossible de lancer l’export ; les détails figurent dans le journal.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="603" />
            <source>Starting the export…</source>
            <translation>Démarrage de l’export…</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="604" />
            <source>Exporting %n file(s)…</source>
            <translation>
                <numerusform>Export de %n fichier…</numerusform>
                <numerusform>Export de %n fichiers…</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="613" />
            <source>Cancelling: the files being written are discarded…</source>
            <translation>Annulation : les fichiers en cours d’écriture sont abandonnés…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="631" />
            <source>%1 of %2 — %p%</source>
            <translation>%1 sur %2 — %p%</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="666" />
            <source>Cancelled, not written</source>
            <translation>Annulé, non écrit</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="685" />
            <source>The export ended, but its summary could not be shown; the details are in the log.</source>
            <translation>L’export est terminé, mais son bilan n’a pas pu être affiché ; les détails figurent dans le journal.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="695" />
            <source>The export could not run: %1</source>
            <translation>L’export n’a pas pu avoir lieu : %1</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="709" />
            <source>Export cancelled: %n file(s) written</source>
            <translation>
                <numerusform>Export annulé : %n fichier écrit</numerusform>
                <numerusform>Export annulé : %n fichiers écrits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="709" />
            <source>%n not written.</source>
            <translation>
                <numerusform>%n non écrit.</numerusform>
                <numerusform>%n non écrits.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="712" />
            <source>Export finished: %n file(s) written.</source>
            <translation>
                <numerusform>Export terminé : %n fichier écrit.</numerusform>
                <numerusform>Export terminé : %n fichiers écrits.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/export_dialog.py" line="714" />
            <source>%n error(s): see the ✗ rows.</source>
            <translation>
                <numerusform>%n erreur : voir la ligne marquée ✗.</numerusform>
                <numerusform>%n erreurs : voir les lignes marquées ✗.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="721" />
            <source>Warnings:</source>
            <translation>Avertissements :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="747" />
            <source>The files could not be copied to the clipboard.</source>
            <translation>Impossible de copier les fichiers dans le presse-papiers.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="751" />
            <source>&amp;Copy</source>
            <translation>&amp;Copier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="765" />
            <source>The folder %1 could not be opened.</source>
            <translation>Impossible d’ouvrir le dossier %1.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="343" />
            <source>Write a capt&amp;ion beside each file (.txt)</source>
            <translation>Écrire une &amp;légende à côté de chaque fichier (.txt)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="345" />
            <source>A caption draft per file: business and handle, site, campaign hashtags, credit.</source>
            <translation>Un brouillon de légende par fichier : commerce et son compte, site, hashtags de la campagne, crédit.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="347" />
            <source>Captions:</source>
            <translation>Légendes :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="396" />
            <source>Copy the c&amp;aption</source>
            <translation>Copier la lé&amp;gende</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="397" />
            <source>Copy the caption of the selected file (Ctrl+Shift+C).</source>
            <translation>Copier la légende du fichier sélectionné (Ctrl+Maj+C).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="816" />
            <source>The caption %1 could not be read.</source>
            <translation>Impossible de lire la légende %1.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="819" />
            <source>Caption copied: %1</source>
            <translation>Légende copiée : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="1" />
            <source>Mark as &amp;published…</source>
            <translation>Marquer comme &amp;publié…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="346" />
            <source>Preview:</source>
            <translation>Aperçu :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="820" />
            <source>An export is running. Stop it and close the window? The files already written are kept.</source>
            <translation>Un export est en cours. L’arrêter et fermer la fenêtre ? Les fichiers déjà écrits sont conservés.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="824" />
            <source>Stop and close</source>
            <translation>Arrêter et fermer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/export_dialog.py" line="825" />
            <source>Continue the export</source>
            <translation>Poursuivre l’export</translation>
        </message>
    </context>
    <context>
        <name>FacetPanel</name>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="70" />
            <source>Businesses</source>
            <translation>Commerces</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="70" />
            <source>Heritage sites</source>
            <translation>Sites patrimoniaux</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="71" />
            <source>Campaigns</source>
            <translation>Campagnes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="71" />
            <source>Keywords</source>
            <translation>Mots-clés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="81" />
            <source>Watched folder: %1</source>
            <translation>Dossier surveillé : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/facets.py" line="82" />
            <source>No folder chosen yet</source>
            <translation>Aucun dossier choisi pour l’instant</translation>
        </message>
    </context>
    <context>
        <name>FacetWords</name>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="38" />
            <source>business</source>
            <translation>commerce</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="39" />
            <source>heritage site</source>
            <translation>site patrimonial</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="40" />
            <source>campaign</source>
            <translation>campagne</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="41" />
            <source>keyword</source>
            <translation>mot-clé</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="51" />
            <source>Business (shop, restaurant, producer…)</source>
            <translation>Commerce (boutique, restaurant, producteur…)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="52" />
            <source>Heritage site (monument, place)</source>
            <translation>Site patrimonial (monument, lieu)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="53" />
            <source>Campaign (event, season, operation)</source>
            <translation>Campagne (événement, saison, opération)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="54" />
            <source>Keyword (anything else)</source>
            <translation>Mot-clé (tout le reste)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="46" />
            <source>+ New tag “%1”…</source>
            <translation>+ Nouvelle étiquette « %1 »…</translation>
        </message>
    </context>
    <context>
        <name>FilterChip</name>
        <message>
            <location filename="../../lectoure_media/gui/filter_chips.py" line="38" />
            <source>Remove the filter “%1”</source>
            <translation>Retirer le filtre « %1 »</translation>
        </message>
    </context>
    <context>
        <name>FilterChipsBar</name>
        <message>
            <location filename="../../lectoure_media/gui/filter_chips.py" line="55" />
            <source>Filters:</source>
            <translation>Filtres :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/filter_chips.py" line="63" />
            <source>Clear all</source>
            <translation>Tout effacer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/filter_chips.py" line="64" />
            <source>Show every photo and video again</source>
            <translation>Afficher à nouveau toutes les photos et vidéos</translation>
        </message>
    </context>
    <context>
        <name>HeritageForm</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="235" />
            <source>&amp;Latitude:</source>
            <translation>&amp;Latitude :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="236" />
            <source>Longit&amp;ude:</source>
            <translation>Lon&amp;gitude :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="241" />
            <source>Photos taken within this distance are suggested for this site.</source>
            <translation>Les photos prises à moins de cette distance sont suggérées pour ce site.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="242" />
            <source>&amp;Radius:</source>
            <translation>Ra&amp;yon :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="244" />
            <source>Mérimée / Inventaire re&amp;ference:</source>
            <translation>Ré&amp;férence Mérimée / Inventaire :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="245" />
            <source>A&amp;pproximate coordinates (to check on a map)</source>
            <translation>Coordonnées a&amp;pproximatives (à vérifier sur une carte)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="249" />
            <source>&amp;Address:</source>
            <translation>&amp;Adresse :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="274" />
            <source>%1: “%2” is not a number (write it in decimal degrees, for example 43.9319).</source>
            <translation>%1 : « %2 » n’est pas un nombre (écrivez-le en degrés décimaux, par exemple 43.9319).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="277" />
            <source>%1 must be between -%2 and %2 degrees.</source>
            <translation>%1 doit être comprise entre -%2 et %2 degrés.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="281" />
            <source>Latitude</source>
            <translation>Latitude</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="282" />
            <source>Longitude</source>
            <translation>Longitude</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="284" />
            <source>Give both the latitude and the longitude, or leave both empty.</source>
            <translation>Indiquez à la fois la latitude et la longitude, ou laissez les deux vides.</translation>
        </message>
    </context>
    <context>
        <name>Inspector</name>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="250" />
            <source>Businesses</source>
            <translation>Commerces</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="250" />
            <source>Heritage sites</source>
            <translation>Sites patrimoniaux</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="251" />
            <source>Campaigns</source>
            <translation>Campagnes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="251" />
            <source>Keywords</source>
            <translation>Mots-clés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="252" />
            <source>Business</source>
            <translation>Commerce</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="252" />
            <source>Heritage site</source>
            <translation>Site patrimonial</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="253" />
            <source>Campaign</source>
            <translation>Campagne</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="253" />
            <source>Keyword</source>
            <translation>Mot-clé</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="288" />
            <source>Folder</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="288" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="288" />
            <source>Dimensions</source>
            <translation>Dimensions</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="289" />
            <source>File size</source>
            <translation>Taille du fichier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="289" />
            <source>Camera</source>
            <translation>Appareil</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="289" />
            <source>Location</source>
            <translation>Lieu</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="290" />
            <source>Duration</source>
            <translation>Durée</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="290" />
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="323" />
            <source>No tags yet.</source>
            <translation>Aucune étiquette pour l’instant.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="341" />
            <source>Tag to add</source>
            <translation>Étiquette à ajouter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="346" />
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="347" />
            <source>Add this tag to every selected asset (Enter)</source>
            <translation>Ajouter cette étiquette à tous les médias sélectionnés (Entrée)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="406" />
            <source>Recent:</source>
            <translation>Récentes :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="330" />
            <source>Taken at (GPS):</source>
            <translation>Pris sur place (GPS) :</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="815" />
            <source>Taken %1 m from this heritage site: click to tag %n asset(s) with it.</source>
            <translation>
                <numerusform>Pris à %1 m de ce site patrimonial : cliquez pour l’y rattacher (%n média).</numerusform>
                <numerusform>Pris à %1 m de ce site patrimonial : cliquez pour y rattacher ces %n médias.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="449" />
            <source>The details of the selection could not be shown.</source>
            <translation>Impossible d’afficher les détails de la sélection.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="452" />
            <source>Add a tag… (Ctrl+T)</source>
            <translation>Étiqueter… (Ctrl+T)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="453" />
            <source>Select photos or videos to tag them</source>
            <translation>Sélectionnez des photos ou des vidéos pour les étiqueter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="481" />
            <location filename="../../lectoure_media/gui/inspector.py" line="549" />
            <source>Select one or more photos or videos first.</source>
            <translation>Sélectionnez d’abord une ou plusieurs photos ou vidéos.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="567" />
            <source>The tags could not be changed.</source>
            <translation>Impossible de modifier les étiquettes.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="584" />
            <source>The tags could not be changed: %1</source>
            <translation>Impossible de modifier les étiquettes : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="601" />
            <source>%1: %2 — %3</source>
            <translation>%1 : %2 — %3</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="654" />
            <source>Tagging</source>
            <translation>Étiquetage</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="664" />
            <source>%n asset(s) selected</source>
            <translation>
                <numerusform>%n média sélectionné</numerusform>
                <numerusform>%n médias sélectionnés</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="665" />
            <source>No selection</source>
            <translation>Aucune sélection</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="676" />
            <location filename="../../lectoure_media/gui/inspector.py" line="686" />
            <source>No preview available</source>
            <translation>Aucun aperçu disponible</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="678" />
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/inspector.py" line="698" />
            <source>%n asset(s) selected — %1</source>
            <translation>
                <numerusform>%n média sélectionné — %1</numerusform>
                <numerusform>%n médias sélectionnés — %1</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="709" />
            <source>(top of the folder)</source>
            <translation>(racine du dossier)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="711" />
            <source>%1 × %2 pixels</source>
            <translation>%1 × %2 pixels</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="727" />
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="748" />
            <source>(altitude %1 m)</source>
            <translation>(alt. %1 m)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="763" />
            <source>Missing: the file is no longer in the folder.</source>
            <translation>Manquant : le fichier n’est plus dans le dossier.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="766" />
            <source>Unreadable file: %1</source>
            <translation>Fichier illisible : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="766" />
            <source>Unreadable file.</source>
            <translation>Fichier illisible.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="800" />
            <source>XMP file not read: %1</source>
            <translation>Fichier XMP non lu : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="767" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="335" />
            <source>Kind of tag to add</source>
            <translation>Type d’étiquette à ajouter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="382" />
            <source>Category:</source>
            <translation>Catégorie :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="386" />
            <source>No category</source>
            <translation>Sans catégorie</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="394" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="397" />
            <source>Create and tag</source>
            <translation>Créer et étiqueter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="504" />
            <source>“%1” is a new business. Create it and tag the selection?</source>
            <translation>« %1 » est un nouveau commerce. Le créer et étiqueter la sélection ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="505" />
            <source>“%1” is a new heritage site. Create it and tag the selection?</source>
            <translation>« %1 » est un nouveau site patrimonial. Le créer et étiqueter la sélection ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="506" />
            <source>“%1” is a new campaign. Create it and tag the selection?</source>
            <translation>« %1 » est une nouvelle campagne. La créer et étiqueter la sélection ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="868" />
            <source>Duplicate of %1</source>
            <translation>Doublon de %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="870" />
            <source>Tools ▸ Duplicates… shows the copies side by side and sends the extra ones to the trash.</source>
            <translation>Outils ▸ Doublons… montre les copies côte à côte et envoie celles en trop à la corbeille.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="312" />
            <source>Rating</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>All rights</source>
            <translation>Tous les droits</translation>
        </message>
        <message>
            <source>People without consent</source>
            <translation>Personnes sans consentement</translation>
        </message>
        <message>
            <source>Licence expired</source>
            <translation>Licence expirée</translation>
        </message>
        <message>
            <source>Minors shown</source>
            <translation>Mineurs visibles</translation>
        </message>
        <message>
            <source>Do not publish</source>
            <translation>Ne pas publier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="51" />
            <source>Lectoure Media</source>
            <translation>Lectoure Media</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="62" />
            <source>Library</source>
            <translation>Bibliothèque</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="71" />
            <source>Inspector</source>
            <translation>Inspecteur</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="98" />
            <source>Search and filters</source>
            <translation>Recherche et filtres</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="103" />
            <source>Search: name, business, site, campaign, camera…</source>
            <translation>Rechercher : nom, commerce, site, campagne, appareil…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="110" />
            <source>Photos</source>
            <translation>Photos</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="110" />
            <source>Videos</source>
            <translation>Vidéos</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="110" />
            <source>Portrait</source>
            <translation>Portrait</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="111" />
            <source>Landscape</source>
            <translation>Paysage</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="111" />
            <source>Square</source>
            <translation>Carré</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="112" />
            <source>Untagged</source>
            <translation>Sans étiquette</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="112" />
            <source>Missing files</source>
            <translation>Fichiers manquants</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="113" />
            <source>Errors</source>
            <translation>Erreurs</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="113" />
            <source>Dates</source>
            <translation>Période</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="132" />
            <source>Newest first</source>
            <translation>Plus récents d’abord</translation>
        </message>
        <message>
            <source>Order of the grid</source>
            <translation>Ordre de la grille</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="133" />
            <source>By name</source>
            <translation>Par nom</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="139" />
            <source>No folder watched</source>
            <translation>Aucun dossier surveillé</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="149" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="157" />
            <source>Thumbnail size</source>
            <translation>Taille des vignettes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="162" />
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="163" />
            <source>&amp;Edit</source>
            <translation>&amp;Édition</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="164" />
            <source>&amp;Tools</source>
            <translation>&amp;Outils</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="175" />
            <source>&amp;Open folder…</source>
            <translation>&amp;Ouvrir un dossier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="177" />
            <source>&amp;Rescan the folder</source>
            <translation>&amp;Réanalyser le dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="180" />
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="181" />
            <source>&amp;Undo</source>
            <translation>&amp;Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="183" />
            <source>&amp;Redo</source>
            <translation>&amp;Rétablir</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="187" />
            <source>&amp;Find</source>
            <translation>Re&amp;chercher</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="189" />
            <source>&amp;Tag the selection</source>
            <translation>É&amp;tiqueter la sélection</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="191" />
            <source>&amp;Businesses, sites and campaigns…</source>
            <translation>&amp;Commerces, sites et campagnes…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="193" />
            <source>&amp;Crop editor…</source>
            <translation>Éditeur de &amp;recadrage…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="196" />
            <source>Open the &amp;demo library</source>
            <translation>Ouvrir la bibliothèque de &amp;démonstration</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="197" />
            <source>&amp;Settings…</source>
            <translation>&amp;Paramètres…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="202" />
            <source>Choose the shared photo folder (a network drive such as P:\ or \\server\photos works: it is then checked by polling).</source>
            <translation>Choisissez le dossier partagé des photos (un lecteur réseau comme P:\ ou \\serveur\photos convient : il est alors surveillé en mode scrutation).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="205" />
            <source>Folder to watch</source>
            <translation>Dossier à surveiller</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="234" />
            <source>Scanning the folder…</source>
            <translation>Analyse du dossier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="260" />
            <source>Scan cancelled.</source>
            <translation>Analyse annulée.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="282" />
            <source>Starting to watch the folder…</source>
            <translation>Démarrage de la surveillance du dossier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="283" />
            <source>Watching the folder</source>
            <translation>Surveillance du dossier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="284" />
            <source>Polling mode (network share): the folder is re-read regularly</source>
            <translation>Mode scrutation (partage réseau) : le dossier est relu régulièrement</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="285" />
            <source>Watching stopped</source>
            <translation>Surveillance arrêtée</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="288" />
            <source>Share unreachable — retrying in %1 s</source>
            <translation>Partage inaccessible — nouvel essai dans %1 s</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/main_window.py" line="335" />
            <source>%n asset(s)</source>
            <translation>
                <numerusform>%n média</numerusform>
                <numerusform>%n médias</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="364" />
            <source>Crop editor</source>
            <translation>Recadrage</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="364" />
            <source>Select a photo or a video first.</source>
            <translation>Sélectionnez d’abord une photo ou une vidéo.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="374" />
            <source>Export</source>
            <translation>Exporter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="374" />
            <source>Select the photos and videos to export first.</source>
            <translation>Sélectionnez d’abord les photos et vidéos à exporter.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="384" />
            <source>Welcome to Lectoure Media</source>
            <translation>Bienvenue dans Lectoure Media</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="385" />
            <source>Choose the folder where the town's photos and videos are kept. A network drive (for example P:\ or \\server\photos) works: it is checked regularly.</source>
            <translation>Choisissez le dossier où sont rangées les photos et vidéos de la ville. Un lecteur réseau (par exemple P:\ ou \\serveur\photos) convient : il est vérifié régulièrement.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="387" />
            <source>Choose the folder…</source>
            <translation>Choisir le dossier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="388" />
            <source>Open the demo library</source>
            <translation>Ouvrir la bibliothèque de démonstration</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="390" />
            <source>Later</source>
            <translation>Plus tard</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="408" />
            <source>Demo</source>
            <translation>Démonstration</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="412" />
            <source>Preparing the demo library…</source>
            <translation>Préparation de la bibliothèque de démonstration…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="419" />
            <source>Settings saved. The language applies at the next start.</source>
            <translation>Paramètres enregistrés. La langue sera appliquée au prochain démarrage.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="239" />
            <source>&amp;Publish…</source>
            <translation>&amp;Publier…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="240" />
            <source>Export the selection for the social networks (Ctrl+E)</source>
            <translation>Exporter la sélection pour les réseaux sociaux (Ctrl+E)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="497" />
            <source>Search: %1</source>
            <translation>Recherche : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="499" />
            <source>Business</source>
            <translation>Commerce</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="500" />
            <source>Heritage site</source>
            <translation>Site patrimonial</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="501" />
            <source>Campaign</source>
            <translation>Campagne</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="502" />
            <source>Keyword</source>
            <translation>Mot-clé</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="506" />
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="512" />
            <source>From %1 to %2</source>
            <translation>Du %1 au %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="607" />
            <source>✓ Framing saved for %1.</source>
            <translation>✓ Cadrages enregistrés pour %1.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="402" />
            <source>Folder read.</source>
            <translation>Dossier lu.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="178" />
            <source>&amp;Export…</source>
            <translation>&amp;Exporter…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="220" />
            <source>Co&amp;verage</source>
            <translation>Co&amp;uverture</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="220" />
            <source>Which businesses and heritage sites were featured, and when (Ctrl+Shift+C)</source>
            <translation>Quels commerces et sites patrimoniaux ont été mis en avant, et quand (Ctrl+Maj+C)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="391" />
            <source>Shared folder: changes waiting</source>
            <translation>Dossier partagé : modifications en attente</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="201" />
            <source>R&amp;ating</source>
            <translation>&amp;Notes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="454" />
            <source>Rating</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="244" />
            <source>D&amp;uplicates…</source>
            <translation>Dou&amp;blons…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="110" />
            <source>The search failed: %1</source>
            <translation>La recherche a échoué : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/main_window.py" line="176" />
            <source>Date added</source>
            <translation>Date d'ajout</translation>
        </message>
    </context>
    <context>
        <name>PublishDialog</name>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Town website</source>
            <translation>Site de la ville</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Mark as published</source>
            <translation>Marquer comme publié</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Files: %1</source>
            <translation>Fichiers : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>&amp;Platform</source>
            <translation>&amp;Plateforme</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Publication &amp;date</source>
            <translation>&amp;Date de publication</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>https://… (optional)</source>
            <translation>https://… (facultatif)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Post &amp;address</source>
            <translation>&amp;Adresse de la publication</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>The shared folder cannot be written now: the publication is kept on this PC and written to the shared folder as soon as it is reachable again.</source>
            <translation>Le dossier partagé ne peut pas être écrit pour l'instant : la publication est gardée sur ce poste et sera écrite dans le dossier partagé dès qu'il sera de nouveau accessible.</translation>
        </message>
    </context>
    <context>
        <name>PublishCommand</name>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>mark as published (%1)</source>
            <translation>marquer comme publié (%1)</translation>
        </message>
    </context>
    <context>
        <name>PublogFilterButton</name>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Publishing</source>
            <translation>Publication</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Never exported</source>
            <translation>Jamais exporté</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Exported to</source>
            <translation>Exporté vers</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Published this month</source>
            <translation>Publié ce mois-ci</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Exported to %1</source>
            <translation>Exporté vers %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Not published for %1</source>
            <translation>Pas publié depuis %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Not published for</source>
            <translation>Pas publié depuis</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>%1 months</source>
            <translation>%1 mois</translation>
        </message>
    </context>
    <context>
        <name>PublogPanel</name>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Town website</source>
            <translation>Site de la ville</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Exports and publications</source>
            <translation>Exports et publications</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Format / platform</source>
            <translation>Format / plateforme</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>File / post</source>
            <translation>Fichier / publication</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>PC</source>
            <translation>Poste</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Never exported nor published.</source>
            <translation>Jamais exporté ni publié.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Mark as &amp;published…</source>
            <translation>Marquer comme &amp;publié…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/publog_panel.py" line="1" />
            <source>Note where and when this file was posted (Ctrl+Shift+P).</source>
            <translation>Noter où et quand ce fichier a été publié (Ctrl+Maj+P).</translation>
        </message>
    </context>
    <context>
        <name>RegistriesDialog</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="69" />
            <source>%1: this field cannot be empty.</source>
            <translation>%1 : ce champ ne peut pas être vide.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="71" />
            <source>%1: this field cannot contain “/” or “|” (other programs use them to separate tag levels).</source>
            <translation>%1 : ce champ ne peut pas contenir « / » ni « | » (d’autres logiciels s’en servent pour séparer les niveaux d’étiquettes).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="75" />
            <source>%1: this field is longer than 200 characters.</source>
            <translation>%1 : ce champ dépasse 200 caractères.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="78" />
            <source>%1: this field contains invisible control characters.</source>
            <translation>%1 : ce champ contient des caractères de contrôle invisibles.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="750" />
            <source>Businesses, sites and campaigns</source>
            <translation>Commerces, sites et campagnes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="767" />
            <source>Businesses</source>
            <translation>Commerces</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="767" />
            <source>Heritage sites</source>
            <translation>Sites patrimoniaux</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="768" />
            <source>Campaigns</source>
            <translation>Campagnes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="768" />
            <source>Keywords</source>
            <translation>Mots-clés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="792" />
            <source>The catalogue is open read-only (another Lectoure Media program holds it): the lists can be read here but not changed.</source>
            <translation>Le catalogue est ouvert en lecture seule (un autre programme Lectoure Media l’utilise) : les listes sont consultables ici mais pas modifiables.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="858" />
            <source>The catalogue is updated, but %n XMP file(s) could not be written (for example “%1”: %2). They will be written the next time Lectoure Media starts.</source>
            <translation>
                <numerusform>Le catalogue est à jour, mais %n fichier XMP n’a pas pu être écrit (par exemple « %1 » : %2). Il sera écrit au prochain démarrage de Lectoure Media.</numerusform>
                <numerusform>Le catalogue est à jour, mais %n fichiers XMP n’ont pas pu être écrits (par exemple « %1 » : %2). Ils seront écrits au prochain démarrage de Lectoure Media.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="880" />
            <source>The change could not be completed: %1</source>
            <translation>La modification n’a pas pu aboutir : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="901" />
            <source>✓ “%1” saved.</source>
            <translation>✓ « %1 » enregistré.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="918" />
            <source>%n file(s) of the shared registries could not be read and are ignored.</source>
            <translation>
                <numerusform>%n fichier des registres partagés est illisible et ignoré.</numerusform>
                <numerusform>%n fichiers des registres partagés sont illisibles et ignorés.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RegistryPage</name>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="381" />
            <source>The change could not be written to disk: %1</source>
            <translation>Impossible d’enregistrer la modification sur le disque : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="385" />
            <source>Unexpected error (details in the log): %1</source>
            <translation>Erreur inattendue (détails dans le journal) : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="407" />
            <source>Filter…</source>
            <translation>Filtrer…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="413" />
            <source>Ne&amp;w</source>
            <translation>No&amp;uveau</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="414" />
            <source>Rena&amp;me…</source>
            <translation>Reno&amp;mmer…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="415" />
            <source>Mer&amp;ge into…</source>
            <translation>Fusi&amp;onner avec…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="416" />
            <source>&amp;Delete…</source>
            <translation>&amp;Supprimer…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="417" />
            <source>New entry (Ctrl+N)</source>
            <translation>Nouvelle entrée (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="418" />
            <source>Rename everywhere, including the photos' XMP files (F2)</source>
            <translation>Renommer partout, y compris dans les fichiers XMP des photos (F2)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="419" />
            <source>Move every asset of this entry to another one, then remove it</source>
            <translation>Reporter tous les médias de cette entrée sur une autre, puis la supprimer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="420" />
            <source>Delete the entry and take it off its assets (Del)</source>
            <translation>Supprimer l’entrée et la retirer de ses médias (Suppr)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="445" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="446" />
            <source>Save the details (Ctrl+S)</source>
            <translation>Enregistrer la fiche (Ctrl+S)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="502" />
            <source>%1 is used by %n asset(s).</source>
            <translation>
                <numerusform>%1 : %n média étiqueté.</numerusform>
                <numerusform>%1 : %n médias étiquetés.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="579" />
            <source>New entry: type its name and details, then Save.</source>
            <translation>Nouvelle entrée : saisissez son nom et sa fiche, puis enregistrez.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="582" />
            <source>“%1” is used by %n asset(s).</source>
            <translation>
                <numerusform>« %1 » : %n média étiqueté.</numerusform>
                <numerusform>« %1 » : %n médias étiquetés.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="585" />
            <source>Save the changes to “%1”?</source>
            <translation>Enregistrer les modifications de « %1 » ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="586" />
            <source>Save the new entry?</source>
            <translation>Enregistrer la nouvelle entrée ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="633" />
            <source>“%1” already exists in this list: select it to edit it.</source>
            <translation>« %1 » existe déjà dans cette liste : sélectionnez-le pour le modifier.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="654" />
            <source>Select the entry to rename first.</source>
            <translation>Sélectionnez d’abord l’entrée à renommer.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="660" />
            <source>New name for “%1”:</source>
            <translation>Nouveau nom pour « %1 » :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="665" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="674" />
            <source>Renaming “%1” to “%2”…</source>
            <translation>Renommage de « %1 » en « %2 »…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="683" />
            <source>Select the entry to merge first.</source>
            <translation>Sélectionnez d’abord l’entrée à fusionner.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="690" />
            <source>There is no other entry to merge into.</source>
            <translation>Il n’y a aucune autre entrée avec laquelle fusionner.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="693" />
            <source>Merge “%1” into:</source>
            <translation>Fusionner « %1 » avec :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="700" />
            <source>“%1” is not in this list.</source>
            <translation>« %1 » ne figure pas dans cette liste.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="706" />
            <source>Merge “%1” into “%2”?

%n asset(s) tagged “%1” will be tagged “%2” instead (XMP files included), and “%1” and its details will be removed from the list.</source>
            <translation>
                <numerusform>Fusionner « %1 » avec « %2 » ?

%n média étiqueté « %1 » sera étiqueté « %2 » à la place (fichiers XMP compris), et « %1 » sera retiré de la liste avec sa fiche.</numerusform>
                <numerusform>Fusionner « %1 » avec « %2 » ?

%n médias étiquetés « %1 » seront étiquetés « %2 » à la place (fichiers XMP compris), et « %1 » sera retiré de la liste avec sa fiche.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="712" />
            <source>Merging “%1” into “%2”…</source>
            <translation>Fusion de « %1 » avec « %2 »…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="722" />
            <source>Select the entry to delete first.</source>
            <translation>Sélectionnez d’abord l’entrée à supprimer.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registries.py" line="726" />
            <source>Delete “%1”?

It is used by %n asset(s): the tag will be taken off them and off their XMP files. The photos and videos themselves are kept.</source>
            <translation>
                <numerusform>Supprimer « %1 » ?

%n média l’utilise : l’étiquette lui sera retirée, ainsi qu’à son fichier XMP. La photo ou la vidéo elle-même est conservée.</numerusform>
                <numerusform>Supprimer « %1 » ?

%n médias l’utilisent : l’étiquette leur sera retirée, ainsi qu’à leurs fichiers XMP. Les photos et vidéos elles-mêmes sont conservées.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="730" />
            <source>Delete “%1”? No asset uses it.</source>
            <translation>Supprimer « %1 » ? Aucun média ne l’utilise.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registries.py" line="734" />
            <source>Deleting “%1”…</source>
            <translation>Suppression de « %1 »…</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="15" />
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="18" />
            <source>Automatic (French on a French system)</source>
            <translation>Automatique (français sur un système en français)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="22" />
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="27" />
            <source>How often a network share is re-read (polling mode).</source>
            <translation>Fréquence de relecture d’un partage réseau (mode scrutation).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="28" />
            <source>Polling interval</source>
            <translation>Intervalle de scrutation</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="31" />
            <source> MB</source>
            <translation> Mo</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="33" />
            <source>Thumbnail cache size</source>
            <translation>Taille du cache des vignettes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="35" />
            <source>e.g. Photo: Ville de Lectoure</source>
            <translation>par ex. Photo : Ville de Lectoure</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="36" />
            <source>Default credit line</source>
            <translation>Crédit photo par défaut</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="38" />
            <source>Catalog, thumbnails and logs of this PC (never on the shared folder).</source>
            <translation>Catalogue, vignettes et journaux de ce PC (jamais dans le dossier partagé).</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/settings_dialog.py" line="39" />
            <source>Data folder</source>
            <translation>Dossier des données</translation>
        </message>
        <message>
            <source>Refuse exports the rights check stops (instead of asking)</source>
            <translation>Refuser les exports arrêtés par la vérification des droits (au lieu de demander)</translation>
        </message>
    </context>
    <context>
        <name>TagChip</name>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="182" />
            <source>%1 (%2/%3)</source>
            <translation>%1 (%2/%3)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="187" />
            <source>On %1 of the %2 selected assets</source>
            <translation>Présente sur %1 des %2 médias sélectionnés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="192" />
            <source>Add “%1” to all selected assets</source>
            <translation>Ajouter « %1 » à tous les médias sélectionnés</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/inspector.py" line="204" />
            <source>Remove “%1” from all selected assets</source>
            <translation>Retirer « %1 » de tous les médias sélectionnés</translation>
        </message>
    </context>
    <context>
        <name>TagCommandText</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="36" />
            <source>Tag %n asset(s) with “%1”</source>
            <translation>
                <numerusform>Étiqueter %n média avec « %1 »</numerusform>
                <numerusform>Étiqueter %n médias avec « %1 »</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="38" />
            <source>Remove “%1” from %n asset(s)</source>
            <translation>
                <numerusform>Retirer « %1 » de %n média</numerusform>
                <numerusform>Retirer « %1 » de %n médias</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/commands.py" line="39" />
            <source>Change the tags of %n asset(s)</source>
            <translation>
                <numerusform>Modifier les étiquettes de %n média</numerusform>
                <numerusform>Modifier les étiquettes de %n médias</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FormatSetTicks</name>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="58" />
            <source>Save as a &amp;set…</source>
            <translation>Enregistrer comme en&amp;semble…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="59" />
            <source>Save the ticked formats as a set shared with the team.</source>
            <translation>Enregistrer les formats cochés comme un ensemble partagé avec l’équipe.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="78" />
            <source>The format sets could not be read; the details are in the log.</source>
            <translation>Impossible de lire les ensembles de formats ; les détails figurent dans le journal.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="138" />
            <source>Format sets</source>
            <translation>Ensembles de formats</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="138" />
            <source>Tick the formats of the set first.</source>
            <translation>Cochez d’abord les formats de l’ensemble.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="143" />
            <source>Name of the set (%1):</source>
            <translation>Nom de l’ensemble (%1) :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="140" />
            <source>&amp;Delete this set…</source>
            <translation>&amp;Supprimer cet ensemble…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/format_set_ticks.py" line="150" />
            <source>Delete the set “%1” for the whole team? The formats themselves stay.</source>
            <translation>Supprimer l’ensemble « %1 » pour toute l’équipe ? Les formats eux-mêmes restent.</translation>
        </message>
    </context>
    <context>
        <name>CampaignRightsDialog</name>
        <message>
            <source>Campaign rights and competition</source>
            <translation>Droits de campagne et concours</translation>
        </message>
        <message>
            <source>Campaign:</source>
            <translation>Campagne :</translation>
        </message>
        <message>
            <source>Default rights</source>
            <translation>Droits par défaut</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(aucune)</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>AAAA-MM-JJ</translation>
        </message>
        <message>
            <source>Photo : {creator} — Photo competition 2024</source>
            <translation>Photo : {creator} — Concours photo 2024</translation>
        </message>
        <message>
            <source>Licence:</source>
            <translation>Licence :</translation>
        </message>
        <message>
            <source>Licence ends:</source>
            <translation>Fin de licence :</translation>
        </message>
        <message>
            <source>Credit line:</source>
            <translation>Crédit :</translation>
        </message>
        <message>
            <source>&amp;Preview</source>
            <translation>&amp;Aperçu</translation>
        </message>
        <message>
            <source>&amp;Apply to the campaign's assets</source>
            <translation>A&amp;ppliquer aux médias de la campagne</translation>
        </message>
        <message>
            <source>Competition intake</source>
            <translation>Reprise d'un concours photo</translation>
        </message>
        <message>
            <source>One folder per &amp;entrant…</source>
            <translation>Un dossier par &amp;participant…</translation>
        </message>
        <message>
            <source>From a &amp;CSV list…</source>
            <translation>Depuis une liste &amp;CSV…</translation>
        </message>
        <message>
            <source>Cancel intake</source>
            <translation>Annuler la reprise</translation>
        </message>
        <message>
            <source>Choose or type the campaign first.</source>
            <translation>Choisissez ou saisissez d'abord la campagne.</translation>
        </message>
        <message>
            <source>%1 asset(s) would receive default rights:</source>
            <translation>%1 média(s) recevrai(en)t les droits par défaut :</translation>
        </message>
        <message>
            <source>Default rights written to %1 asset(s).</source>
            <translation>Droits par défaut écrits sur %1 média(s).</translation>
        </message>
        <message>
            <source>Competition folder</source>
            <translation>Dossier du concours</translation>
        </message>
        <message>
            <source>List of entries</source>
            <translation>Liste des participations</translation>
        </message>
        <message>
            <source>CSV lists (*.csv *.txt)</source>
            <translation>Listes CSV (*.csv *.txt)</translation>
        </message>
        <message>
            <source>Taking the entries in…</source>
            <translation>Reprise des participations…</translation>
        </message>
        <message>
            <source>%1 / %2 — %3</source>
            <translation>%1 sur %2 — %3</translation>
        </message>
        <message>
            <source>%1 entry(ies) taken in.</source>
            <translation>%1 participation(s) reprise(s).</translation>
        </message>
    </context>
    <context>
        <name>ConsentsDialog</name>
        <message>
            <source>Double-click a consent to open its signed form.</source>
            <translation>Double-cliquez sur un consentement pour ouvrir son formulaire signé.</translation>
        </message>
        <message>
            <source>This consent has no signed form.</source>
            <translation>Ce consentement n'a pas de formulaire signé.</translation>
        </message>
        <message>
            <source>Consent register</source>
            <translation>Registre des consentements</translation>
        </message>
        <message>
            <source>All communication</source>
            <translation>Toute la communication</translation>
        </message>
        <message>
            <source>Social networks</source>
            <translation>Réseaux sociaux</translation>
        </message>
        <message>
            <source>Website</source>
            <translation>Site internet</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>Imprimés</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Scope</source>
            <translation>Portée</translation>
        </message>
        <message>
            <source>Expires</source>
            <translation>Expire le</translation>
        </message>
        <message>
            <source>Minor</source>
            <translation>Mineur</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>AAAA-MM-JJ</translation>
        </message>
        <message>
            <source>YYYY-MM-DD (valid through that day)</source>
            <translation>AAAA-MM-JJ (valable jusqu'à ce jour inclus)</translation>
        </message>
        <message>
            <source>Guardian's name (required for a minor)</source>
            <translation>Nom du représentant légal (obligatoire pour un mineur)</translation>
        </message>
        <message>
            <source>Signed form: PDF, JPEG or PNG</source>
            <translation>Formulaire signé : PDF, JPEG ou PNG</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Parcourir…</translation>
        </message>
        <message>
            <source>Person:</source>
            <translation>Personne :</translation>
        </message>
        <message>
            <source>Contact:</source>
            <translation>Contact :</translation>
        </message>
        <message>
            <source>Signed on:</source>
            <translation>Signé le :</translation>
        </message>
        <message>
            <source>Expires on:</source>
            <translation>Expire le :</translation>
        </message>
        <message>
            <source>Scope:</source>
            <translation>Portée :</translation>
        </message>
        <message>
            <source>Form:</source>
            <translation>Formulaire :</translation>
        </message>
        <message>
            <source>&amp;Add consent</source>
            <translation>&amp;Ajouter le consentement</translation>
        </message>
        <message>
            <source>&amp;Withdraw consent…</source>
            <translation>&amp;Retirer le consentement…</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>Retiré</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expiré</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>Valable</translation>
        </message>
        <message>
            <source>yes (%1)</source>
            <translation>oui (%1)</translation>
        </message>
        <message>
            <source>Signed form</source>
            <translation>Formulaire signé</translation>
        </message>
        <message>
            <source>Forms (*.pdf *.jpg *.jpeg *.png)</source>
            <translation>Formulaires (*.pdf *.jpg *.jpeg *.png)</translation>
        </message>
        <message>
            <source>Consent of %1 saved (%2).</source>
            <translation>Consentement de %1 enregistré (%2).</translation>
        </message>
        <message>
            <source>Select the consent to withdraw.</source>
            <translation>Sélectionnez le consentement à retirer.</translation>
        </message>
        <message>
            <source>Withdraw consent</source>
            <translation>Retirer le consentement</translation>
        </message>
        <message>
            <source>Withdraw this consent? Every photo linked to it will be marked “do not publish”.</source>
            <translation>Retirer ce consentement ? Toutes les photos qui y sont liées seront marquées « ne pas publier ».</translation>
        </message>
        <message>
            <source>%1 asset(s) marked “do not publish”.</source>
            <translation>%1 média(s) marqué(s) « ne pas publier ».</translation>
        </message>
        <message>
            <source>never exported</source>
            <translation>jamais exporté</translation>
        </message>
    </context>
    <context>
        <name>RightsGateText</name>
        <message>
            <source>… and %1 more</source>
            <translation>… et %1 autre(s)</translation>
        </message>
        <message>
            <source>Rights check</source>
            <translation>Vérification des droits</translation>
        </message>
        <message>
            <source>These assets will not be exported (team setting):
%1</source>
            <translation>Ces médias ne seront pas exportés (réglage de l'équipe) :
%1</translation>
        </message>
        <message>
            <source>The rights check found problems:
%1

Export them anyway?</source>
            <translation>La vérification des droits a trouvé des problèmes :
%1

Les exporter quand même ?</translation>
        </message>
    </context>
    <context>
        <name>RightsPanel</name>
        <message>
            <source>Rights and consent</source>
            <translation>Droits et consentements</translation>
        </message>
        <message>
            <source>Town-owned</source>
            <translation>Propriété de la commune</translation>
        </message>
        <message>
            <source>Competition entry</source>
            <translation>Concours photo</translation>
        </message>
        <message>
            <source>Supplied by the business</source>
            <translation>Fournie par le commerce</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Autre</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>AAAA-MM-JJ</translation>
        </message>
        <message>
            <source>Creator:</source>
            <translation>Auteur :</translation>
        </message>
        <message>
            <source>Credit line:</source>
            <translation>Crédit :</translation>
        </message>
        <message>
            <source>Copyright:</source>
            <translation>Copyright :</translation>
        </message>
        <message>
            <source>Licence:</source>
            <translation>Licence :</translation>
        </message>
        <message>
            <source>Licence ends:</source>
            <translation>Fin de licence :</translation>
        </message>
        <message>
            <source>People shown:</source>
            <translation>Personnes visibles :</translation>
        </message>
        <message>
            <source>Minors shown:</source>
            <translation>Mineurs visibles :</translation>
        </message>
        <message>
            <source>Publication:</source>
            <translation>Publication :</translation>
        </message>
        <message>
            <source>&amp;Link consent</source>
            <translation>&amp;Lier le consentement</translation>
        </message>
        <message>
            <source>Consent register…</source>
            <translation>Registre des consentements…</translation>
        </message>
        <message>
            <source>Apply rights</source>
            <translation>Enregistrer les droits</translation>
        </message>
        <message>
            <source>Write these rights into the selected assets (Ctrl+Shift+R)</source>
            <translation>Enregistrer ces droits sur les médias sélectionnés (Ctrl+Maj+R)</translation>
        </message>
        <message>
            <source>Campaign…</source>
            <translation>Campagne…</translation>
        </message>
        <message>
            <source>Campaign default rights and photo-competition intake</source>
            <translation>Droits par défaut d'une campagne et reprise d'un concours photo</translation>
        </message>
        <message>
            <source>(unchanged)</source>
            <translation>(inchangé)</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(aucune)</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Oui</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Non</translation>
        </message>
        <message>
            <source>Publishable</source>
            <translation>Publiable</translation>
        </message>
        <message>
            <source>Do not publish</source>
            <translation>Ne pas publier</translation>
        </message>
        <message>
            <source>%1 (not in the register)</source>
            <translation>%1 (absent du registre)</translation>
        </message>
        <message>
            <source>Consents: %1</source>
            <translation>Consentements : %1</translation>
        </message>
        <message>
            <source>No consent linked.</source>
            <translation>Aucun consentement lié.</translation>
        </message>
        <message numerus="yes">
            <source>%n asset(s) selected: the fields filled in are applied to all.</source>
            <translation>
                <numerusform>%n média sélectionné : les champs remplis lui sont appliqués.</numerusform>
                <numerusform>%n médias sélectionnés : les champs remplis sont appliqués à tous.</numerusform>
            </translation>
        </message>
        <message>
            <source> — withdrawn</source>
            <translation> — retiré</translation>
        </message>
        <message>
            <source> — expired</source>
            <translation> — expiré</translation>
        </message>
        <message>
            <source>Nothing to change.</source>
            <translation>Rien à modifier.</translation>
        </message>
        <message numerus="yes">
            <source>Change the rights of %n asset(s)</source>
            <translation>
                <numerusform>Modifier les droits de %n média</numerusform>
                <numerusform>Modifier les droits de %n médias</numerusform>
            </translation>
        </message>
        <message>
            <source>Link the consent of %1 to %2 asset(s)</source>
            <translation>Lier le consentement de %1 à %2 média(s)</translation>
        </message>
        <message>
            <source>Link a consent</source>
            <translation>Lier un consentement</translation>
        </message>
        <message>
            <source>The rights could not be saved: %1</source>
            <translation>Les droits n'ont pas pu être enregistrés : %1</translation>
        </message>
        <message>
            <source>Link the chosen consent to the selection, or drop photos here</source>
            <translation>Lier le consentement choisi à la sélection, ou déposer des photos ici</translation>
        </message>
        <message>
            <source>Usage terms:</source>
            <translation>Conditions d'utilisation :</translation>
        </message>
        <message>
            <source>Persons shown:</source>
            <translation>Personnes nommées :</translation>
        </message>
        <message>
            <source>Model release:</source>
            <translation>Autorisation des personnes :</translation>
        </message>
        <message>
            <source>Property release:</source>
            <translation>Autorisation du propriétaire :</translation>
        </message>
        <message>
            <source>Names of the people shown, separated by commas</source>
            <translation>Noms des personnes visibles, séparés par des virgules</translation>
        </message>
        <message>
            <source>(not said)</source>
            <translation>(non précisé)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Aucune</translation>
        </message>
        <message>
            <source>Not applicable</source>
            <translation>Sans objet</translation>
        </message>
        <message>
            <source>Limited</source>
            <translation>Limitée</translation>
        </message>
        <message>
            <source>Unlimited</source>
            <translation>Illimitée</translation>
        </message>
    </context>
    <context>
        <name>TypeChooser</name>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="157" />
            <source>Type of the new tag</source>
            <translation>Type de la nouvelle étiquette</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="170" />
            <source>Category:</source>
            <translation>Catégorie :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="174" />
            <source>No category</source>
            <translation>Sans catégorie</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="182" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="185" />
            <source>Create and tag</source>
            <translation>Créer et étiqueter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="196" />
            <source>“%1” exists as several types: which one?</source>
            <translation>« %1 » existe sous plusieurs types : lequel ?</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="197" />
            <source>Tag</source>
            <translation>Étiqueter</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/tag_field.py" line="199" />
            <source>“%1” is new: what is it? (1–4, Enter)</source>
            <translation>« %1 » est nouveau : de quel type ? (1 à 4, Entrée)</translation>
        </message>
    </context>
    <context>
        <name>CoverageChart</name>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="123" />
            <source>Goal: 100 %</source>
            <translation>Objectif : 100 %</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="124" />
            <source>No town-centre business in the registry yet.</source>
            <translation>Aucun commerce du centre-ville dans le registre pour l'instant.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="148" />
            <source>%1: %2 of %3 businesses featured (%4 %)</source>
            <translation>%1 : %2 commerces sur %3 mis en avant (%4 %)</translation>
        </message>
    </context>
    <context>
        <name>CoverageView</name>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="207" />
            <source>Businesses and sites</source>
            <translation>Commerces et sites</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="208" />
            <source>Businesses</source>
            <translation>Commerces</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="209" />
            <source>Heritage sites</source>
            <translation>Sites patrimoniaux</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="212" />
            <source>All categories</source>
            <translation>Toutes les catégories</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="215" />
            <source>Town &amp;centre only</source>
            <translation>&amp;Centre-ville seulement</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="219" />
            <source> months</source>
            <translation> mois</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="220" />
            <source>Overdue after this many months without an export or a publication</source>
            <translation>En retard après ce nombre de mois sans export ni publication</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="221" />
            <source>&amp;Overdue after:</source>
            <translation>En &amp;retard après :</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="226" />
            <source>&amp;Import businesses…</source>
            <translation>&amp;Importer des commerces…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="228" />
            <source>The commune's SIRENE extract (INSEE) or the template CSV: name, category, address, town_centre</source>
            <translation>L'extrait SIRENE de la commune (INSEE) ou le modèle CSV : name, category, address, town_centre</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="230" />
            <source>Export as &amp;CSV…</source>
            <translation>Exporter en C&amp;SV…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="242" />
            <source>Never</source>
            <translation>Jamais</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="243" />
            <source>Overdue</source>
            <translation>En retard</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="244" />
            <source>Up to date</source>
            <translation>À jour</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="246" />
            <source>Heritage site</source>
            <translation>Site patrimonial</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="247" />
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="248" />
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="252" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="253" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="255" />
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="256" />
            <source>Town centre</source>
            <translation>Centre</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="257" />
            <source>Assets</source>
            <translation>Médias</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="258" />
            <source>Newest</source>
            <translation>Plus récent</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="259" />
            <source>Exported</source>
            <translation>Exporté le</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="260" />
            <source>Published</source>
            <translation>Publié le</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="273" />
            <source>Click a row (or press Enter) to show its photos and videos in the grid</source>
            <translation>Cliquez sur une ligne (ou appuyez sur Entrée) pour afficher ses photos et vidéos dans la grille</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="277" />
            <source>Town-centre businesses featured each month (last 24 months)</source>
            <translation>Commerces du centre-ville mis en avant chaque mois (24 derniers mois)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="348" />
            <source>Never featured: %1 · not featured for %2 months: %3 · featured: %4</source>
            <translation>Jamais mis en avant : %1 · pas depuis %2 mois : %3 · mis en avant : %4</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="390" />
            <location filename="../../lectoure_media/gui/coverage_view.py" line="399" />
            <source>Export the coverage</source>
            <translation>Exporter la couverture</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="391" />
            <source>coverage</source>
            <translation>couverture</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="392" />
            <source>CSV for Excel (*.csv)</source>
            <translation>CSV pour Excel (*.csv)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="399" />
            <source>“%1” could not be written: %2</source>
            <translation>« %1 » n'a pas pu être écrit : %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="401" />
            <source>Coverage written to “%1”.</source>
            <translation>Couverture enregistrée dans « %1 ».</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="410" />
            <location filename="../../lectoure_media/gui/coverage_view.py" line="434" />
            <location filename="../../lectoure_media/gui/coverage_view.py" line="442" />
            <source>Import businesses</source>
            <translation>Importer des commerces</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="410" />
            <source>CSV files (*.csv *.txt);;All files (*)</source>
            <translation>Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="417" />
            <source>Importing the businesses…</source>
            <translation>Import des commerces en cours…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="425" />
            <source>Import finished: %1 added, %2 updated, %3 marked closed, %4 lines skipped.</source>
            <translation>Import terminé — ajoutés : %1, mis à jour : %2, marqués fermés : %3, lignes ignorées : %4.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/coverage_view.py" line="300" />
            <source>Cancel the import</source>
            <translation>Annuler l'import</translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="27" />
            <source>Earlier versions and conflicts</source>
            <translation>Versions précédentes et conflits</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="33" />
            <source>&amp;Restore this version</source>
            <translation>Réta&amp;blir cette version</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="36" />
            <source>Put this version's details back in the form; save them (Ctrl+S) to keep them.</source>
            <translation>Remet les détails de cette version dans le formulaire ; enregistrez-les (Ctrl+S) pour les garder.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="54" />
            <source>name</source>
            <translation>nom</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="55" />
            <source>category</source>
            <translation>catégorie</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="56" />
            <source>address</source>
            <translation>adresse</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="57" />
            <source>town centre</source>
            <translation>centre-ville</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="62" />
            <source>closed</source>
            <translation>fermé</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="63" />
            <source>Latitude</source>
            <translation>Latitude</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="64" />
            <source>Longitude</source>
            <translation>Longitude</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="65" />
            <source>radius</source>
            <translation>rayon</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="66" />
            <source>reference</source>
            <translation>référence</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="67" />
            <source>approximate position</source>
            <translation>position approximative</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="68" />
            <source>start</source>
            <translation>début</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="69" />
            <source>end</source>
            <translation>fin</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="70" />
            <source>hashtags</source>
            <translation>mots-clics</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="71" />
            <source>credit</source>
            <translation>crédit</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="72" />
            <source>notes</source>
            <translation>remarques</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="77" />
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="2" />
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="89" />
            <source>%1: “%2”</source>
            <translation>%1 : « %2 »</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="100" />
            <source>%1, by %2</source>
            <translation>%1, par %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="102" />
            <source>%1 — conflict, replaced by %2</source>
            <translation>%1 — conflit, remplacée par %2</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/registry_history.py" line="106" />
            <source>Same details as now.</source>
            <translation>Mêmes détails qu'aujourd'hui.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/registry_history.py" line="116" />
            <source>%n earlier version(s) kept in the shared folder.</source>
            <translation>
                <numerusform>%n version précédente gardée dans le dossier partagé.</numerusform>
                <numerusform>%n versions précédentes gardées dans le dossier partagé.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DuplicatesView</name>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="1" />
            <source>Duplicates</source>
            <translation>Doublons</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="66" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="94" />
            <source>&amp;Keep this one</source>
            <translation>&amp;Garder celle-ci</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="95" />
            <source>Keep the selected copy instead of the suggested one (double-click)</source>
            <translation>Garder la copie sélectionnée plutôt que celle proposée (double-clic)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="97" />
            <source>Send the &amp;others to the trash…</source>
            <translation>Envoyer les &amp;autres à la corbeille…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="130" />
            <source>Looking for duplicates…</source>
            <translation>Recherche des doublons…</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="161" />
            <source>Search cancelled.</source>
            <translation>Recherche annulée.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="186" />
            <source>Exact copies</source>
            <translation>Copies exactes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="186" />
            <source>Same picture</source>
            <translation>Même image</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="187" />
            <source>%1 (%2): %3</source>
            <translation>%1 (%2) : %3</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="193" />
            <source>%n group(s) of copies. Each group shows the copy suggested to keep (highest resolution, then the sharpest); the others can go to the trash, their tags are added to the kept one.</source>
            <translation>
                <numerusform>%n groupe de copies. Chaque groupe indique la copie proposée à garder (la plus grande définition, puis la plus nette) ; les autres peuvent aller à la corbeille, leurs étiquettes sont ajoutées à celle gardée.</numerusform>
                <numerusform>%n groupes de copies. Chaque groupe indique la copie proposée à garder (la plus grande définition, puis la plus nette) ; les autres peuvent aller à la corbeille, leurs étiquettes sont ajoutées à celle gardée.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="201" />
            <source>No duplicates found.</source>
            <translation>Aucun doublon trouvé.</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="214" />
            <source>Kept: %1</source>
            <translation>Gardée : %1</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="220" />
            <source>✔ kept</source>
            <translation>✔ gardée</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="2" />
            <source>to the trash</source>
            <translation>à la corbeille</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="260" />
            <source>Send to the trash</source>
            <translation>Envoyer à la corbeille</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="263" />
            <source>Send %n file(s) to the trash and keep “%1”? Their tags are added to the kept copy first. They can be restored from the trash.</source>
            <translation>
                <numerusform>Envoyer %n fichier à la corbeille et garder « %1 » ? Ses étiquettes sont d'abord ajoutées à la copie gardée. Il pourra être restauré depuis la corbeille.</numerusform>
                <numerusform>Envoyer %n fichiers à la corbeille et garder « %1 » ? Leurs étiquettes sont d'abord ajoutées à la copie gardée. Ils pourront être restaurés depuis la corbeille.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="295" />
            <source>%n file(s) sent to the trash; “%1” kept.</source>
            <translation>
                <numerusform>%n fichier envoyé à la corbeille ; « %1 » gardée.</numerusform>
                <numerusform>%n fichiers envoyés à la corbeille ; « %1 » gardée.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/duplicates_view.py" line="283" />
            <source>Sending to the trash…</source>
            <translation>Envoi à la corbeille…</translation>
        </message>
    </context>
    <context>
        <name>PickCommandText</name>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="35" />
            <source>Rate %n asset(s): %1 ★</source>
            <translation>
                <numerusform>Noter %n média : %1 ★</numerusform>
                <numerusform>Noter %n médias : %1 ★</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="38" />
            <source>Reject %n asset(s)</source>
            <translation>
                <numerusform>Rejeter %n média</numerusform>
                <numerusform>Rejeter %n médias</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="41" />
            <source>Pick %n asset(s)</source>
            <translation>
                <numerusform>Retenir %n média</numerusform>
                <numerusform>Retenir %n médias</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/picks.py" line="44" />
            <source>Change the colour label of %n asset(s)</source>
            <translation>
                <numerusform>Changer l'étiquette de couleur de %n média</numerusform>
                <numerusform>Changer l'étiquette de couleur de %n médias</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PickControls</name>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="127" />
            <source>No stars</source>
            <translation>Aucune étoile</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="7" />
            <source>1 star</source>
            <translation>1 étoile</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="129" />
            <source>2 stars</source>
            <translation>2 étoiles</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="130" />
            <source>3 stars</source>
            <translation>3 étoiles</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="131" />
            <source>4 stars</source>
            <translation>4 étoiles</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="132" />
            <source>5 stars</source>
            <translation>5 étoiles</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="133" />
            <source>Pick (at least 1 star)</source>
            <translation>Retenir (au moins 1 étoile)</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="134" />
            <source>Rejected</source>
            <translation>Rejetées</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="135" />
            <source>Red label</source>
            <translation>Étiquette rouge</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="136" />
            <source>Yellow label</source>
            <translation>Étiquette jaune</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="137" />
            <source>Green label</source>
            <translation>Étiquette verte</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="138" />
            <source>Blue label</source>
            <translation>Étiquette bleue</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="151" />
            <source>Show only the assets with this rating</source>
            <translation>N'afficher que les médias qui ont cette note</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="152" />
            <source>Any rating</source>
            <translation>Toutes les notes</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="154" />
            <source>At least %1 ★</source>
            <translation>Au moins %1 ★</translation>
        </message>
    </context>
    <context>
        <name>PickText</name>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="53" />
            <source>Rejected</source>
            <translation>Rejetée</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="48" />
            <source>Red label</source>
            <translation>Étiquette rouge</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="59" />
            <source>Yellow label</source>
            <translation>Étiquette jaune</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="60" />
            <source>Green label</source>
            <translation>Étiquette verte</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="61" />
            <source>Blue label</source>
            <translation>Étiquette bleue</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="62" />
            <source>Purple label</source>
            <translation>Étiquette violette</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/picks.py" line="64" />
            <source>Label “%1”</source>
            <translation>Étiquette « %1 »</translation>
        </message>
    </context>
    <context>
        <name>FitAdviceBar</name>
        <message>
            <location filename="../../lectoure_media/gui/fit_advice.py" line="33" />
            <source>Show it &amp;whole</source>
            <translation>Montrer en &amp;entier</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/fit_advice.py" line="34" />
            <source>Fit the whole picture over a blurred background instead of cropping</source>
            <translation>Garder toute l'image sur un fond flou au lieu de la recadrer</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/fit_advice.py" line="50" />
            <source>“%1” would be enlarged %2 times to be cropped for “%3”; shown whole over a blurred background, only %4 times.</source>
            <translation>« %1 » serait agrandie %2 fois pour être recadrée au format « %3 » ; entière sur un fond flou, elle ne le serait que %4 fois.</translation>
        </message>
    </context>
    <context>
        <name>NewsNotice</name>
        <message>
            <location filename="../../lectoure_media/gui/news_notice.py" line="23" />
            <source>Show only the media added since you last looked</source>
            <translation>Afficher seulement les médias ajoutés depuis votre dernière consultation</translation>
        </message>
        <message>
            <location filename="../../lectoure_media/gui/news_notice.py" line="32" />
            <source>New media (click to show all)</source>
            <translation>Nouveaux médias (cliquer pour tout afficher)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../lectoure_media/gui/news_notice.py" line="34" />
            <source>%n new asset(s)</source>
            <translation>
                <numerusform>%n nouveau média</numerusform>
                <numerusform>%n nouveaux médias</numerusform>
            </translation>
        </message>
    </context>
</TS>
