"""Personal-data detectors: UK identifiers, names and addresses (`personal_data.identifiers`) and
special-category facts about a named person (`personal_data.special_category`)."""
