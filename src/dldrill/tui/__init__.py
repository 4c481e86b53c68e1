"""The study app: a thin Textual shell over the session engine, store and bank (issue 6)."""
