// Package orgcsv reads and writes the spreadsheets in which the network's coordinators keep their
// member lists, so that a whole list can be previewed and then added to the directory at once.
//
// Read never stops at the first mistake: it turns every data line into a Row and reports every
// problem it sees as a Problem (a catalog key plus name/value arguments, the line and the column),
// sorted by line, so the preview can show a coordinator everything to fix in one go. It returns an
// error only when the upload is not a text table at all — a workbook, a picture, a file over
// 10 MiB, or a first line in which no column name is known — as an *InputError that carries the
// catalog key of its message. An empty file, a file with only a header, or too many rows are
// Problems on line 0. Blank lines are skipped but keep their place in the line count, so lines
// match what the coordinator sees in a text editor.
//
// The upload is all-or-nothing: Result.Blocking reports whether any Problem forbids the commit.
// Only the problems about columns that are read past (unknown or unnamed ones) do not block. A
// Row whose line has a Problem keeps in its text fields what was typed, so the preview can show
// it, and must not be stored. Keys lists every catalog key Read reports itself.
//
// Write exports rows with all columns, in the documented order, guarding cells against formula
// injection; DefaultWriteOptions gives what Excel opens correctly (UTF-8 with a byte-order mark).
// The header can be written in English, Serbian (either script) or Bulgarian. Template is the
// same format with two example rows.
//
// # Encodings
//
// Excel in the region saves CSV as UTF-8 (with or without a byte-order mark), in the Windows
// code page of the user's locale — Windows-1251 for Cyrillic, Windows-1250 for Serbian Latin — or,
// as "Unicode text", in UTF-16 with a byte-order mark. A mark decides; otherwise input that is
// valid UTF-8 is UTF-8, since text in a single-byte code page with any letter above ASCII is almost
// never valid UTF-8 by accident.
//
// The two code pages cannot be told apart byte by byte (0xE8 is и in one and č in the other), but
// the shape of words can: Cyrillic words are made only of bytes above 0x7F, while Latin words carry
// one diacritic among ASCII letters (Zaje\xe8ar, Ga\x9ein Han). Read cuts the text into words
// (runs of bytes that are a letter in either code page), and a word with non-ASCII letters counts
// towards Windows-1251 with its number of such letters when they are more than half of its letters
// (Ниш, Нишка Бања, Кюстендил, or a Cyrillic word with a Latin look-alike typed into it), and
// towards Windows-1250 otherwise (Zaječar, Đorđe, Gadžin Han, Šid). The code page with the larger
// count wins; a tie goes to Windows-1251, the script of both countries' official documents.
//
// # Separators
//
// The separator is the one of comma, semicolon and tab that occurs most often outside quotes in the
// header line (Excel uses a semicolon where the decimal separator is a comma, as in Bulgarian and
// Serbian settings). A first line "sep=;" as Excel writes it names the separator outright. A tie
// goes to the semicolon, then the comma.
//
// # Header
//
// Column names are matched case-insensitively, with anything that is not a letter or digit read as a
// single space, in English (the documented names), Serbian Cyrillic, Serbian Latin (with or without
// diacritics) and Bulgarian, plus a few synonyms (see columnNames). A column named twice (say
// "name" and "назив") is a blocking Problem on line 1, because the two cells could disagree and
// guessing which one the coordinator meant would silently drop data; the first column is used for
// the preview. Unknown columns are one non-blocking Problem naming them all; a column without a
// heading that holds values is a non-blocking Problem too, since those values are not imported. A
// missing name, kind or country column is one blocking Problem on line 1 instead of one per row.
// Those three are the columns a row cannot do without; each has its own messages so that the
// message names the column in the reader's language.
//
// # Values
//
// kinds, sizes, countries and yes/no cells accept the English slugs and the words a coordinator
// would type in any of the three languages (кластер, klaster, клъстер → cluster; Србија, Srbija,
// Сърбия → RS). Sectors are separated by |, comma or semicolon (slugs never contain them, so all
// three are accepted whatever the file's separator) and given to Options.ValidSector. NACE codes
// get their section letter when only the digits are given (10.11 → C10.11), so they match the
// directory's form. A website given as a bare domain gets https://. A founding year may carry the
// Serbian ordinal dot ("2015.") or be a full date. A cell that starts with an apostrophe before
// =, +, - or @ loses the apostrophe, which is how Write protects such cells from being run as
// formulas by a spreadsheet.
package orgcsv
