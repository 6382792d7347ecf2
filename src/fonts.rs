//! The bundled fonts, shared by the GUI and the exporters. (In progress.)
