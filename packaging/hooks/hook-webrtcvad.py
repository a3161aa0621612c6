# Overrides the contrib hook, which copies metadata of a distribution named "webrtcvad"; we
# install the same module from the "webrtcvad-wheels" distribution (prebuilt wheels), so that
# hook fails the build. The module is one C extension and needs no data files.
from PyInstaller.utils.hooks import copy_metadata

datas = copy_metadata("webrtcvad-wheels")
