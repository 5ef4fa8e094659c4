"""The town hall's receiving service: enrols kits, takes sealed applications, reports status."""
