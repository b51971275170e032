"""An explorer's live picture as a widget front-end receives it: the state of its Output widget."""

import base64

from ipywidgets.widgets.widget import _remove_buffers  # how ipywidgets splits binary parts off a state

PNG = b"\x89PNG"


def shown_png(explorer) -> bytes:
    """The PNG the explorer's picture shows: the one display_data output of its Output widget,
    read from the state sent to the front-end."""
    outputs = explorer.picture.get_state()["outputs"]
    assert [output["output_type"] for output in outputs] == ["display_data"]
    png = base64.b64decode(outputs[0]["data"]["image/png"])
    assert png.startswith(PNG)
    return png


def binary_buffers(widget) -> list:
    """The binary parts (bytes sent as comm buffers, like a ``widgets.Image``'s value) of the
    states of ``widget`` and the widgets inside it. Colab's widget front-end did not handle
    them (googlecolab/colabtools#587)."""
    _, _, buffers = _remove_buffers(widget.get_state())
    return list(buffers) + [b for child in getattr(widget, "children", ()) for b in binary_buffers(child)]
