"""Turn solutions and questions into terminal (Rich), Markdown, HTML and Typst output; never compute."""
