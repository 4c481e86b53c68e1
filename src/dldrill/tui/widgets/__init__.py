"""Reusable widgets of the study app: answer widgets per question type."""
