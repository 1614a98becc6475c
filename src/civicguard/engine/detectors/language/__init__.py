"""Language detectors: offensive language (`language.offensive`) and discrimination (`language.discrimination`)."""
