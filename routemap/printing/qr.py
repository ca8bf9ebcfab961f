"""QR codes that open the guide at the right page in the right language."""

import segno

# Below about 25 mm phone cameras struggle at arm's length from a wall poster.
MIN_SIZE_MM = 25


def qr_data_uri(url):
    """An SVG data: URL for `url`, sized by CSS (the SVG has only a viewBox).

    Error correction M survives some dirt and creases without making the code dense;
    boost_error=False keeps it at M so every print of the same URL looks the same.
    The 4-module quiet zone is part of the image, so layout cannot eat it.
    """
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"QR codes need an absolute URL, got {url!r}")
    code = segno.make(url, error="m", boost_error=False, micro=False)
    return code.svg_data_uri(border=4, omitsize=True, dark="#000", light="#fff")
