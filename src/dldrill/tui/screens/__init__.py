"""One Screen per task of the study app."""
