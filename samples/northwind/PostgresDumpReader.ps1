# Classes that read a plain-SQL PostgreSQL dump whose data is written as INSERT statements
# (pg_dump --inserts or --column-inserts) into table definitions with converted rows.
# Import-Northwind.ps1 dot-sources this file. The reader covers the statements such dumps contain:
# CREATE TABLE, INSERT INTO ... VALUES, ALTER TABLE ... ADD CONSTRAINT (primary and foreign keys),
# and SET, DROP, SELECT, COMMENT, GRANT, REVOKE and ALTER TABLE ... OWNER TO, which it skips.
# Any other statement raises an error that names its line, so no data is dropped silently.
# COPY ... FROM stdin blocks and dollar-quoted strings are not supported.

Set-StrictMode -Version 3.0

class SqlToken {
    # String, Number, Identifier, QuotedIdentifier, Symbol or End.
    [string] $Kind
    # Unescaped content of string literals, lower-cased unquoted identifiers, literal text otherwise.
    [string] $Value
    # Offset of the token's first character in the dump text.
    [int] $Index
}

class SqlTokenizer {
    # One token per match, anchored with \G so that no character is skipped. Whitespace and comments
    # before a token belong to its match. Plain strings follow standard_conforming_strings = on,
    # so a backslash is an ordinary character there and only '' escapes a quote. E'' strings use
    # backslash escapes. The end group matches the empty string at the end of the text.
    static [regex] $Pattern = [regex]::new(@'
\G (?: \s+ | --[^\n]* | /\*[\s\S]*?\*/ )*
(?:
    (?<escapedString> [Ee] ' (?: [^'\\] | \\[\s\S] | '' )* ' )
  | (?<string> ' (?: [^'] | '' )* ' )
  | (?<number> (?: \d+ (?: \.\d* )? | \.\d+ ) (?: [Ee] [+-]? \d+ )? )
  | (?<identifier> [\p{L}_] [\p{L}\p{N}_$]* )
  | (?<quotedIdentifier> " (?: [^"] | "" )* " )
  | (?<symbol> :: | [(),;=.+\-*\[\]] )
  | (?<end> \z )
)
'@, [System.Text.RegularExpressions.RegexOptions]::IgnorePatternWhitespace)

    static [System.Collections.Generic.List[SqlToken]] Tokenize([string] $text) {
        $tokens = [System.Collections.Generic.List[SqlToken]]::new()
        $regex = [SqlTokenizer]::Pattern
        $groupNumbers = @{}
        foreach ($name in 'escapedString', 'string', 'number', 'identifier', 'quotedIdentifier', 'symbol', 'end') {
            $groupNumbers[$name] = $regex.GroupNumberFromName($name)
        }

        $position = 0
        while ($true) {
            $match = $regex.Match($text, $position)
            if (-not $match.Success) {
                $errorIndex = $position
                while ($errorIndex -lt $text.Length -and [char]::IsWhiteSpace($text[$errorIndex])) { $errorIndex++ }
                $where = [SqlTokenizer]::DescribePosition($text, $errorIndex)
                $character = $text[$errorIndex]
                if ($character -eq "'" -or $character -eq '"') {
                    throw "Invalid SQL at ${where}: unterminated quoted string or name."
                }
                throw "Invalid SQL at ${where}: unexpected character '$character'. The reader supports INSERT-style dumps without COPY blocks or dollar-quoted strings."
            }
            if ($match.Groups[$groupNumbers['end']].Success) {
                $tokens.Add([SqlToken]@{ Kind = 'End'; Value = ''; Index = $text.Length })
                return $tokens
            }

            $token = [SqlToken]::new()
            $group = $match.Groups[$groupNumbers['string']]
            if ($group.Success) {
                $token.Kind = 'String'
                $token.Value = $group.Value.Substring(1, $group.Length - 2).Replace("''", "'")
            }
            elseif (($group = $match.Groups[$groupNumbers['number']]).Success) {
                $token.Kind = 'Number'
                $token.Value = $group.Value
            }
            elseif (($group = $match.Groups[$groupNumbers['identifier']]).Success) {
                # PostgreSQL folds unquoted identifiers and keywords to lower case.
                $token.Kind = 'Identifier'
                $token.Value = $group.Value.ToLowerInvariant()
            }
            elseif (($group = $match.Groups[$groupNumbers['symbol']]).Success) {
                $token.Kind = 'Symbol'
                $token.Value = $group.Value
            }
            elseif (($group = $match.Groups[$groupNumbers['escapedString']]).Success) {
                $token.Kind = 'String'
                $token.Value = [SqlTokenizer]::UnescapeEscapeString($group.Value.Substring(2, $group.Length - 3))
            }
            else {
                $group = $match.Groups[$groupNumbers['quotedIdentifier']]
                $token.Kind = 'QuotedIdentifier'
                $token.Value = $group.Value.Substring(1, $group.Length - 2).Replace('""', '"')
            }
            $token.Index = $group.Index
            $tokens.Add($token)
            $position = $match.Index + $match.Length
        }
        # Unreachable: the loop returns at the end token or throws.
        return $tokens
    }

    # Decodes the body of a PostgreSQL E'...' string: \b \f \n \r \t, octal \o to \ooo,
    # hexadecimal \xh or \xhh, Unicode \uXXXX and \UXXXXXXXX, '' for a quote, and a backslash
    # before any other character stands for that character.
    static [string] UnescapeEscapeString([string] $body) {
        $builder = [System.Text.StringBuilder]::new($body.Length)
        $i = 0
        while ($i -lt $body.Length) {
            $character = $body[$i]
            if ($character -eq "'") {
                [void] $builder.Append("'")
                $i += 2
                continue
            }
            if ($character -ne '\') {
                [void] $builder.Append($character)
                $i++
                continue
            }

            $escape = $body[$i + 1]
            $i += 2
            switch -CaseSensitive ($escape) {
                'b' { [void] $builder.Append([char] 8); continue }
                'f' { [void] $builder.Append([char] 12); continue }
                'n' { [void] $builder.Append([char] 10); continue }
                'r' { [void] $builder.Append([char] 13); continue }
                't' { [void] $builder.Append([char] 9); continue }
                { $_ -ceq 'x' -or $_ -ceq 'u' -or $_ -ceq 'U' } {
                    $maxLength = 8
                    if ($escape -ceq 'x') { $maxLength = 2 }
                    elseif ($escape -ceq 'u') { $maxLength = 4 }
                    $length = 0
                    while ($length -lt $maxLength -and $i + $length -lt $body.Length -and [Uri]::IsHexDigit($body[$i + $length])) { $length++ }
                    if ($length -eq 0 -or ($escape -ne 'x' -and $length -ne $maxLength)) {
                        throw "Invalid escape sequence '\$escape' in E'' string literal '$body'."
                    }
                    $codePoint = [Convert]::ToInt32($body.Substring($i, $length), 16)
                    [void] $builder.Append([char]::ConvertFromUtf32($codePoint))
                    $i += $length
                    continue
                }
                { $_ -ge '0' -and $_ -le '7' } {
                    $length = 1
                    while ($length -lt 3 -and $i + $length - 1 -lt $body.Length -and $body[$i + $length - 1] -ge '0' -and $body[$i + $length - 1] -le '7') { $length++ }
                    [void] $builder.Append([char] [Convert]::ToInt32($body.Substring($i - 1, $length), 8))
                    $i += $length - 1
                    continue
                }
                default { [void] $builder.Append($escape) }
            }
        }
        return $builder.ToString()
    }

    static [string] DescribePosition([string] $text, [int] $index) {
        $line = 1
        $lineStart = 0
        for ($i = 0; $i -lt $index -and $i -lt $text.Length; $i++) {
            if ($text[$i] -eq "`n") {
                $line++
                $lineStart = $i + 1
            }
        }
        return "line $line, column $($index - $lineStart + 1)"
    }
}

class ColumnDefinition {
    [string] $Name
    # PostgreSQL type name without length or precision, for example 'character varying'.
    [string] $PostgresType
    # Integer, Float4, Float8, Decimal, Text, Date, Bytes or Boolean: how values are converted.
    [string] $ValueKind
    # INTEGER, TEXT or BLOB.
    [string] $SqliteType
    [bool] $NotNull
}

class ForeignKeyDefinition {
    [string[]] $Columns
    [string] $ReferencedTable
    # Empty when the constraint references the primary key of the other table.
    [string[]] $ReferencedColumns
}

class TableDefinition {
    [string] $Name
    [System.Collections.Generic.List[ColumnDefinition]] $Columns = [System.Collections.Generic.List[ColumnDefinition]]::new()
    [string[]] $PrimaryKey = @()
    [System.Collections.Generic.List[ForeignKeyDefinition]] $ForeignKeys = [System.Collections.Generic.List[ForeignKeyDefinition]]::new()
    # One object[] per row in column order, with converted values and [DBNull]::Value for NULL.
    [System.Collections.Generic.List[object[]]] $Rows = [System.Collections.Generic.List[object[]]]::new()

    [int] IndexOfColumn([string] $columnName) {
        for ($i = 0; $i -lt $this.Columns.Count; $i++) {
            if ($this.Columns[$i].Name -eq $columnName) { return $i }
        }
        return -1
    }
}

class PostgresValueConverter {
    # Maps a PostgreSQL type to the conversion of its values and to the SQLite column type.
    # real and double precision become exact decimal text so that no binary floating point
    # reaches the SQLite file, and numeric keeps its exact digits as text.
    static [hashtable] $TypeMap = @{
        'smallint' = 'Integer'; 'integer' = 'Integer'; 'int' = 'Integer'; 'bigint' = 'Integer'
        'int2' = 'Integer'; 'int4' = 'Integer'; 'int8' = 'Integer'
        'real' = 'Float4'; 'float4' = 'Float4'
        'double precision' = 'Float8'; 'float8' = 'Float8'
        'numeric' = 'Decimal'; 'decimal' = 'Decimal'
        'character varying' = 'Text'; 'varchar' = 'Text'; 'character' = 'Text'; 'char' = 'Text'
        'bpchar' = 'Text'; 'text' = 'Text'
        'date' = 'Date'
        'bytea' = 'Bytes'
        'boolean' = 'Boolean'; 'bool' = 'Boolean'
    }

    static [hashtable] $SqliteTypes = @{
        'Integer' = 'INTEGER'; 'Boolean' = 'INTEGER'; 'Bytes' = 'BLOB'
        'Float4' = 'TEXT'; 'Float8' = 'TEXT'; 'Decimal' = 'TEXT'; 'Text' = 'TEXT'; 'Date' = 'TEXT'
    }

    # Converts the text of one literal, a string's content or a number, to the value stored for
    # a column of the given value kind. Returns [long], [string] or [byte[]].
    static [object] Convert([string] $valueKind, [string] $literal) {
        switch ($valueKind) {
            'Integer' {
                $number = 0L
                if ($literal -notmatch '^[+-]?\d+$' -or -not [long]::TryParse($literal, [System.Globalization.NumberStyles]::AllowLeadingSign, [cultureinfo]::InvariantCulture, [ref] $number)) {
                    throw "Invalid integer value '$literal'."
                }
                return $number
            }
            'Float4' { return [PostgresValueConverter]::RoundToSignificantDigits([PostgresValueConverter]::ParseDecimal($literal), 7) }
            'Float8' { return [PostgresValueConverter]::RoundToSignificantDigits([PostgresValueConverter]::ParseDecimal($literal), 15) }
            'Decimal' { return [PostgresValueConverter]::ParseDecimal($literal).ToString([cultureinfo]::InvariantCulture) }
            'Text' { return $literal }
            'Date' {
                $date = [datetime]::MinValue
                if (-not [datetime]::TryParseExact($literal, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::None, [ref] $date)) {
                    throw "Invalid date value '$literal': expected the ISO format yyyy-MM-dd."
                }
                return $literal
            }
            'Bytes' {
                # Hex format, the PostgreSQL default since 9.0: \x followed by two hex digits per byte.
                if ($literal -notmatch '^\\x(?:[0-9A-Fa-f]{2})*$') {
                    throw "Invalid or unsupported bytea value '$($literal.Substring(0, [Math]::Min(20, $literal.Length)))': only the hex format \x... is supported."
                }
                return [System.Convert]::FromHexString($literal.Substring(2))
            }
            'Boolean' {
                switch ($literal.ToLowerInvariant()) {
                    { $_ -in 'true', 't', 'yes', 'y', 'on', '1' } { return 1L }
                    { $_ -in 'false', 'f', 'no', 'n', 'off', '0' } { return 0L }
                }
                throw "Invalid boolean value '$literal'."
            }
        }
        throw "Unknown value kind '$valueKind'."
    }

    static [decimal] ParseDecimal([string] $literal) {
        $value = [decimal]::Zero
        if (-not [decimal]::TryParse($literal, [System.Globalization.NumberStyles]::Float, [cultureinfo]::InvariantCulture, [ref] $value)) {
            throw "Invalid or out-of-range numeric value '$literal': expected a decimal number within the range of System.Decimal."
        }
        return $value
    }

    # Rounds to the given number of significant digits, half away from zero, and returns
    # invariant decimal text without trailing zeros: 21.3500004 -> '21.35', 18 -> '18'.
    # A PostgreSQL real (float4) carries about 7 significant decimal digits, and dumps print
    # it with up to 9, so the last digits of '21.3500004' are binary noise.
    static [string] RoundToSignificantDigits([decimal] $value, [int] $digits) {
        if ($value -eq 0) { return '0' }

        # magnitude is the exponent of the leading digit: 10^magnitude <= |value| < 10^(magnitude+1).
        $magnitude = 0
        $absolute = [Math]::Abs($value)
        while ($absolute -ge 10) { $absolute /= 10; $magnitude++ }
        while ($absolute -lt 1) { $absolute *= 10; $magnitude-- }

        $decimals = $digits - 1 - $magnitude
        if ($decimals -ge 0) {
            $rounded = [Math]::Round($value, [Math]::Min($decimals, 28), [MidpointRounding]::AwayFromZero)
        }
        else {
            $scale = [decimal] [Math]::Pow(10, -$decimals)
            $rounded = [Math]::Round($value / $scale, [MidpointRounding]::AwayFromZero) * $scale
        }

        $text = $rounded.ToString([cultureinfo]::InvariantCulture)
        if ($text.Contains('.')) {
            $text = $text.TrimEnd('0').TrimEnd('.')
        }
        return $text
    }
}

class PostgresDumpReader {
    hidden [string] $Text
    hidden [System.Collections.Generic.List[SqlToken]] $Tokens
    hidden [int] $Position
    # Tables by name, in the order of their CREATE TABLE statements.
    [System.Collections.Specialized.OrderedDictionary] $Tables = [System.Collections.Specialized.OrderedDictionary]::new()

    static [string[]] $SkippedStatements = @('set', 'drop', 'select', 'comment', 'grant', 'revoke')
    static [string[]] $ColumnConstraintKeywords = @('not', 'null', 'default', 'primary', 'references', 'unique', 'check', 'constraint', 'collate', 'generated')

    PostgresDumpReader([string] $text) {
        $this.Text = $text
        $this.Tokens = [SqlTokenizer]::Tokenize($text)
        $this.Position = 0
    }

    # Reads every statement of the dump into $Tables.
    [void] Read() {
        while ($this.Peek().Kind -ne 'End') {
            if ($this.AcceptSymbol(';')) { continue }

            $first = $this.Peek()
            if ($this.IsKeyword($first, 'insert')) {
                $this.ReadInsert()
            }
            elseif ($this.IsKeyword($first, 'create')) {
                $this.ReadCreateTable()
            }
            elseif ($this.IsKeyword($first, 'alter')) {
                $this.ReadAlterTable()
            }
            elseif ($this.IsKeyword($first, 'set')) {
                $this.ReadSet()
            }
            elseif ($first.Kind -eq 'Identifier' -and [PostgresDumpReader]::SkippedStatements -contains $first.Value) {
                $this.SkipStatement()
            }
            else {
                $this.Fail($first, "unsupported statement starting with '$($first.Value)'")
            }
        }
    }

    hidden [void] ReadSet() {
        $this.ExpectKeyword('set')
        $name = $this.ExpectIdentifier()
        if ($name -eq 'standard_conforming_strings') {
            if (-not $this.AcceptSymbol('=')) { $this.ExpectKeyword('to') }
            $value = $this.Next()
            if ($value.Value -ne 'on') {
                $this.Fail($value, "standard_conforming_strings = $($value.Value) is not supported: the reader treats backslashes in plain strings as ordinary characters")
            }
        }
        $this.SkipStatement()
    }

    hidden [void] ReadCreateTable() {
        $this.ExpectKeyword('create')
        $tableToken = $this.Peek()
        if (-not $this.AcceptKeyword('table')) {
            $this.Fail($tableToken, "unsupported statement CREATE $($tableToken.Value.ToUpperInvariant())")
        }
        if ($this.AcceptKeyword('if')) {
            $this.ExpectKeyword('not')
            $this.ExpectKeyword('exists')
        }

        $nameToken = $this.Peek()
        $table = [TableDefinition]::new()
        $table.Name = $this.ExpectQualifiedName()
        if ($this.Tables.Contains($table.Name)) {
            $this.Fail($nameToken, "table '$($table.Name)' is created twice")
        }

        $this.ExpectSymbol('(')
        do {
            if ($this.IsKeyword($this.Peek(), 'constraint') -or $this.IsKeyword($this.Peek(), 'primary') -or $this.IsKeyword($this.Peek(), 'foreign')) {
                $this.ReadTableConstraint($table)
            }
            else {
                $table.Columns.Add($this.ReadColumnDefinition($table))
            }
        } while ($this.AcceptSymbol(','))
        $this.ExpectSymbol(')')
        $this.ExpectSymbol(';')

        $this.Tables[$table.Name] = $table
    }

    hidden [ColumnDefinition] ReadColumnDefinition([TableDefinition] $table) {
        $column = [ColumnDefinition]::new()
        $column.Name = $this.ExpectIdentifier()

        # The type name is one or more words, for example 'character varying' or 'double precision'.
        $typeToken = $this.Peek()
        $typeWords = [System.Collections.Generic.List[string]]::new()
        while ($this.Peek().Kind -eq 'Identifier' -and [PostgresDumpReader]::ColumnConstraintKeywords -notcontains $this.Peek().Value) {
            $typeWords.Add($this.Next().Value)
        }
        $column.PostgresType = $typeWords -join ' '
        if (-not [PostgresValueConverter]::TypeMap.ContainsKey($column.PostgresType)) {
            $this.Fail($typeToken, "unsupported type '$($column.PostgresType)' of column $($table.Name).$($column.Name)")
        }
        $column.ValueKind = [PostgresValueConverter]::TypeMap[$column.PostgresType]
        $column.SqliteType = [PostgresValueConverter]::SqliteTypes[$column.ValueKind]

        # Length and precision, as in character varying(40) or numeric(10,2), do not affect SQLite.
        if ($this.AcceptSymbol('(')) {
            while (-not $this.AcceptSymbol(')')) {
                $modifier = $this.Next()
                if ($modifier.Kind -notin 'Number', 'Symbol' -or ($modifier.Kind -eq 'Symbol' -and $modifier.Value -ne ',')) {
                    $this.Fail($modifier, "invalid type modifier '$($modifier.Value)' of column $($table.Name).$($column.Name)")
                }
            }
        }
        if ($this.Peek().Kind -eq 'Symbol' -and $this.Peek().Value -eq '[') {
            $this.Fail($this.Peek(), "array column $($table.Name).$($column.Name) is not supported")
        }

        while ($this.Peek().Kind -ne 'Symbol') {
            $constraint = $this.Peek()
            if ($this.AcceptKeyword('not')) {
                $this.ExpectKeyword('null')
                $column.NotNull = $true
            }
            elseif ($this.AcceptKeyword('null')) {
                $column.NotNull = $false
            }
            elseif ($this.AcceptKeyword('primary')) {
                $this.ExpectKeyword('key')
                $table.PrimaryKey = @($column.Name)
            }
            else {
                $this.Fail($constraint, "unsupported clause '$($constraint.Value)' in the definition of column $($table.Name).$($column.Name)")
            }
        }
        return $column
    }

    hidden [void] ReadAlterTable() {
        $this.ExpectKeyword('alter')
        $this.ExpectKeyword('table')
        [void] $this.AcceptKeyword('only')
        $nameToken = $this.Peek()
        $tableName = $this.ExpectQualifiedName()

        if ($this.AcceptKeyword('owner')) {
            $this.SkipStatement()
            return
        }
        if (-not $this.Tables.Contains($tableName)) {
            $this.Fail($nameToken, "ALTER TABLE names table '$tableName', which no CREATE TABLE before it defines")
        }
        $this.ExpectKeyword('add')
        $this.ReadTableConstraint($this.Tables[$tableName])
        $this.ExpectSymbol(';')
    }

    # Reads [CONSTRAINT name] PRIMARY KEY (columns) or FOREIGN KEY (columns) REFERENCES table [(columns)].
    hidden [void] ReadTableConstraint([TableDefinition] $table) {
        if ($this.AcceptKeyword('constraint')) {
            [void] $this.ExpectIdentifier()
        }

        $kind = $this.Peek()
        if ($this.AcceptKeyword('primary')) {
            $this.ExpectKeyword('key')
            $table.PrimaryKey = $this.ReadColumnList($table)
        }
        elseif ($this.AcceptKeyword('foreign')) {
            $this.ExpectKeyword('key')
            $foreignKey = [ForeignKeyDefinition]::new()
            $foreignKey.Columns = $this.ReadColumnList($table)
            $this.ExpectKeyword('references')
            $foreignKey.ReferencedTable = $this.ExpectQualifiedName()
            $foreignKey.ReferencedColumns = @()
            if ($this.Peek().Kind -eq 'Symbol' -and $this.Peek().Value -eq '(') {
                $foreignKey.ReferencedColumns = $this.ReadColumnList($null)
            }
            $table.ForeignKeys.Add($foreignKey)
        }
        else {
            $this.Fail($kind, "unsupported constraint '$($kind.Value)' on table $($table.Name)")
        }
    }

    # Reads (a, b, ...). With a table, every name must be a column of it.
    hidden [string[]] ReadColumnList([TableDefinition] $table) {
        $names = [System.Collections.Generic.List[string]]::new()
        $this.ExpectSymbol('(')
        do {
            $nameToken = $this.Peek()
            $name = $this.ExpectIdentifier()
            if ($null -ne $table -and $table.IndexOfColumn($name) -lt 0) {
                $this.Fail($nameToken, "column '$name' not found in table $($table.Name)")
            }
            $names.Add($name)
        } while ($this.AcceptSymbol(','))
        $this.ExpectSymbol(')')
        return $names.ToArray()
    }

    # Reads INSERT INTO table [(columns)] VALUES (...)[, (...)]; and converts each value
    # according to the type of its column.
    hidden [void] ReadInsert() {
        $this.ExpectKeyword('insert')
        $this.ExpectKeyword('into')
        $nameToken = $this.Peek()
        $tableName = $this.ExpectQualifiedName()
        if (-not $this.Tables.Contains($tableName)) {
            $this.Fail($nameToken, "INSERT names table '$tableName', which no CREATE TABLE before it defines")
        }
        $table = [TableDefinition] $this.Tables[$tableName]

        $columnIndexes = @(0..($table.Columns.Count - 1))
        if ($this.Peek().Kind -eq 'Symbol' -and $this.Peek().Value -eq '(') {
            $columnIndexes = @(foreach ($name in $this.ReadColumnList($table)) { $table.IndexOfColumn($name) })
        }

        $this.ExpectKeyword('values')
        do {
            $rowToken = $this.Peek()
            $this.ExpectSymbol('(')
            $row = [object[]]::new($table.Columns.Count)
            for ($i = 0; $i -lt $row.Length; $i++) { $row[$i] = [DBNull]::Value }

            $valueCount = 0
            do {
                if ($valueCount -ge $columnIndexes.Count) {
                    $this.Fail($rowToken, "INSERT into $tableName has more values than the $($columnIndexes.Count) columns it names")
                }
                $column = $table.Columns[$columnIndexes[$valueCount]]
                $row[$columnIndexes[$valueCount]] = $this.ReadValue($table, $column)
                $valueCount++
            } while ($this.AcceptSymbol(','))
            $this.ExpectSymbol(')')

            if ($valueCount -ne $columnIndexes.Count) {
                $this.Fail($rowToken, "INSERT into $tableName has $valueCount values for $($columnIndexes.Count) columns")
            }
            $table.Rows.Add($row)
        } while ($this.AcceptSymbol(','))
        $this.ExpectSymbol(';')
    }

    # Reads one literal: NULL, TRUE, FALSE, a string, or a number with an optional sign,
    # optionally followed by a cast such as ::date, which the column type makes redundant.
    hidden [object] ReadValue([TableDefinition] $table, [ColumnDefinition] $column) {
        $token = $this.Next()
        $value = $null
        if ($token.Kind -eq 'Identifier' -and $token.Value -eq 'null') {
            if ($column.NotNull) {
                $this.Fail($token, "NULL in NOT NULL column $($table.Name).$($column.Name)")
            }
            $value = [DBNull]::Value
        }
        else {
            $literal = $null
            if ($token.Kind -in 'String', 'Number') {
                $literal = $token.Value
            }
            elseif ($token.Kind -eq 'Symbol' -and $token.Value -in '-', '+' -and $this.Peek().Kind -eq 'Number') {
                $literal = $token.Value + $this.Next().Value
            }
            elseif ($token.Kind -eq 'Identifier' -and $token.Value -in 'true', 'false') {
                $literal = $token.Value
            }
            else {
                $this.Fail($token, "unsupported value '$($token.Value)' for column $($table.Name).$($column.Name)")
            }

            try {
                $value = [PostgresValueConverter]::Convert($column.ValueKind, $literal)
            }
            catch {
                $this.Fail($token, "column $($table.Name).$($column.Name): $($_.Exception.Message)")
            }
        }

        if ($this.AcceptSymbol('::')) {
            while ($this.Peek().Kind -eq 'Identifier') { [void] $this.Next() }
        }
        return $value
    }

    # Reads a table name and drops a schema prefix: public.customers -> customers.
    hidden [string] ExpectQualifiedName() {
        $name = $this.ExpectIdentifier()
        while ($this.AcceptSymbol('.')) {
            $name = $this.ExpectIdentifier()
        }
        return $name
    }

    hidden [string] ExpectIdentifier() {
        $token = $this.Next()
        if ($token.Kind -notin 'Identifier', 'QuotedIdentifier') {
            $this.Fail($token, "expected a name but found '$($token.Value)'")
        }
        return $token.Value
    }

    hidden [bool] IsKeyword([SqlToken] $token, [string] $keyword) {
        return $token.Kind -eq 'Identifier' -and $token.Value -eq $keyword
    }

    hidden [bool] AcceptKeyword([string] $keyword) {
        if ($this.IsKeyword($this.Peek(), $keyword)) {
            $this.Position++
            return $true
        }
        return $false
    }

    hidden [void] ExpectKeyword([string] $keyword) {
        $token = $this.Peek()
        if (-not $this.AcceptKeyword($keyword)) {
            $this.Fail($token, "expected $($keyword.ToUpperInvariant()) but found '$($token.Value)'")
        }
    }

    hidden [bool] AcceptSymbol([string] $symbol) {
        $token = $this.Tokens[$this.Position]
        if ($token.Kind -eq 'Symbol' -and $token.Value -eq $symbol) {
            $this.Position++
            return $true
        }
        return $false
    }

    hidden [void] ExpectSymbol([string] $symbol) {
        $token = $this.Peek()
        if (-not $this.AcceptSymbol($symbol)) {
            $found = if ($token.Kind -eq 'End') { 'the end of the dump' } else { "'$($token.Value)'" }
            $this.Fail($token, "expected '$symbol' but found $found")
        }
    }

    hidden [void] SkipStatement() {
        while ($this.Peek().Kind -ne 'End' -and -not $this.AcceptSymbol(';')) {
            $this.Position++
        }
    }

    hidden [SqlToken] Peek() {
        return $this.Tokens[$this.Position]
    }

    hidden [SqlToken] Next() {
        $token = $this.Tokens[$this.Position]
        if ($token.Kind -ne 'End') { $this.Position++ }
        return $token
    }

    hidden [void] Fail([SqlToken] $token, [string] $message) {
        throw "Invalid or unsupported SQL at $([SqlTokenizer]::DescribePosition($this.Text, $token.Index)): $($message.TrimEnd('.'))."
    }
}
