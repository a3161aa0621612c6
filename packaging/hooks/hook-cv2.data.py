"""OpenCV's own hook collects ``cv2`` but not the Haar cascades in ``cv2/data``; add them.

They land in ``<bundle>/_internal/cv2/data/``, so ``cv2.data.haarcascades`` and
``interhuman_desktop.resources.haarcascades_dir()`` both resolve inside the bundle.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("cv2", subdir="data", includes=["*.xml"])
