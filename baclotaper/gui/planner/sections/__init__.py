"""The sections of the regimen form, one widget each: regimen, pace, risk factors, pump, patient."""
