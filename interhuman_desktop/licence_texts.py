"""The fixed legal texts: the notices the bundled components' licences ask us to show, and our
own licence statement. Shown by Help → About (:mod:`.about`) and written into
THIRD_PARTY_NOTICES.md (:mod:`.notices_file`).
"""

QT_NOTICE = (
    "Qt is used under the GNU Lesser General Public License v3. The Qt libraries are separate "
    "shared libraries in the app folder and can be replaced with compatible builds; Qt's source "
    "code is available from https://download.qt.io/official_releases/qt/."
)
FFMPEG_NOTICE = (
    "This software uses libraries from the FFmpeg project under the LGPL (version 3 or later as "
    "built in PyAV's wheel; see the configuration below). The PyAV wheel also carries encoders "
    "licensed under the GNU GPL version 2 or later (x264, x265). FFmpeg's source: "
    "https://ffmpeg.org/download.html; the build recipe: https://github.com/PyAV-Org/pyav-ffmpeg."
)
CASCADE_NOTICE = (
    "OpenCV's Haar cascade data (haarcascade_frontalface_default.xml) is distributed under the "
    "Intel License Agreement for Open Source Computer Vision Library (3-clause BSD style); "
    "copyright (C) 2000, Intel Corporation. The full text is at the top of the XML file."
)
LICENCE_STATEMENT = (
    "Free software under the GNU General Public License, version 3 or later; it comes with "
    "ABSOLUTELY NO WARRANTY. The third-party components, their licences and licence texts: "
    "THIRD_PARTY_NOTICES.md in the app's resources folder."
)
EXPRESSION_NOTICE = (
    "The facial-expression model is face-api's FaceExpressionNet (npm @vladmandic/face-api "
    "1.7.15), converted to ONNX; MIT License, Copyright (c) Vladimir Mandic."
)
