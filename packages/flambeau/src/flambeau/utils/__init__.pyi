from . import checkpoint as checkpoint, data as data
