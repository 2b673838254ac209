"""The string tables, one module per group of namespaces, read through `studyapp.tui.i18n.tr`."""
