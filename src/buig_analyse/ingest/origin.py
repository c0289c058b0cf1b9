"""Columns that typed tables carry to say where each row came from (set by the readers, read by
the register to name the input cells of a figure). Deliberately free of imports."""

SOURCE_FILE = "_bron_bestand"
SOURCE_SHEET = "_bron_blad"
SOURCE_ROW = "_bron_rij"
SOURCE_COLUMNS = [SOURCE_FILE, SOURCE_SHEET, SOURCE_ROW]
