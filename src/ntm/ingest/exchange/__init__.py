"""Bulk exchange: XLSX templates to download, fill in Excel and upload, validated row by row.

- `sheets.py`: what each template holds (sheets, columns, their types): pure data.
- `parse.py`: read an uploaded workbook and check every cell: pure, no database.
- `templates.py`: build a template pre-filled with what is saved.
- `apply.py`: the writes, through the apps' services, all or nothing unless asked otherwise.
"""
