"""Data the program reads: fonts, fee tables, translations, icons, simulator assets."""
