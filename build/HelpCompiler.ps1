<#
.SYNOPSIS
Compiles the markdown help in docs/help into a MAML help file for the module assembly.

.DESCRIPTION
Dot-source this file, then call Build-MamlHelp. The markdown format is described in
docs/help/README.md. Syntax, parameter types, positions, pipeline input and aliases come from the
cmdlet metadata that build/Export-CmdletMetadata.ps1 writes. The markdown supplies only the text:
synopsis, description, examples, parameter descriptions, inputs, outputs, notes and links.
#>

Set-StrictMode -Version 3.0

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:HelpSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:SectionsWithEntries = @('EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')

# Get-Help text for WhatIf and Confirm when the markdown leaves them out, as in PowerShell's own help.
$script:DefaultParameterDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

<#
.SYNOPSIS
Parses one markdown help file into its sections.

.OUTPUTS
An object with Name, Path, Sections (section name to lines), Entries (section name to a list of
entries with Title and Lines) and Problems (messages for the caller to report).
#>
function Read-HelpMarkdown {
    param([Parameter(Mandatory)] [string] $Path)

    $document = [pscustomobject]@{
        Name     = $null
        Path     = $Path
        Sections = [ordered]@{}
        Entries  = [ordered]@{}
        Problems = [System.Collections.Generic.List[string]]::new()
    }

    $fileName = Split-Path -Leaf $Path
    $section = $null
    $entry = $null
    $inFence = $false
    $lineNumber = 0

    foreach ($line in Get-Content -LiteralPath $Path -Encoding utf8) {
        $lineNumber++
        $isFence = $line -match '^\s*(```|~~~)'

        if (-not $inFence -and -not $isFence -and $line -match '^(#{1,3})\s+(.+?)\s*#*\s*$') {
            $level = $Matches[1].Length
            $heading = $Matches[2]

            if ($level -eq 1) {
                if ($null -ne $document.Name) {
                    $document.Problems.Add("${fileName}:${lineNumber}: second '# ' heading '$heading'. A file documents one cmdlet.")
                }
                else {
                    $document.Name = $heading
                }
                continue
            }

            if ($level -eq 2) {
                $section = $heading.ToUpperInvariant()
                $entry = $null
                if ($script:HelpSections -notcontains $section) {
                    $document.Problems.Add("${fileName}:${lineNumber}: unknown section '## $heading'. Expected one of: $($script:HelpSections -join ', ').")
                }
                elseif ($document.Sections.Contains($section)) {
                    $document.Problems.Add("${fileName}:${lineNumber}: section '## $heading' appears twice.")
                }
                else {
                    $document.Sections[$section] = [System.Collections.Generic.List[string]]::new()
                    if ($script:SectionsWithEntries -contains $section) {
                        $document.Entries[$section] = [System.Collections.Generic.List[object]]::new()
                    }
                }
                continue
            }

            # A '### ' heading starts an entry: an example, a parameter, an input or an output type.
            if ($null -eq $section -or -not $document.Entries.Contains($section)) {
                $document.Problems.Add("${fileName}:${lineNumber}: '### $heading' is allowed only under $($script:SectionsWithEntries -join ', ').")
                continue
            }

            $entry = [pscustomobject]@{
                Title = $heading
                Lines = [System.Collections.Generic.List[string]]::new()
            }
            $document.Entries[$section].Add($entry)
            continue
        }

        if ($isFence) {
            $inFence = -not $inFence
        }

        if ($null -ne $entry) {
            $entry.Lines.Add($line)
        }
        elseif ($null -ne $section -and $document.Sections.Contains($section)) {
            $document.Sections[$section].Add($line)
        }
        elseif ($line.Trim() -ne '' -and $null -eq $section) {
            $document.Problems.Add("${fileName}:${lineNumber}: text outside any '## ' section.")
        }
    }

    if ($inFence) {
        $document.Problems.Add("${fileName}: a fenced code block is not closed.")
    }

    return $document
}

<#
.SYNOPSIS
Splits markdown lines into help paragraphs.

.DESCRIPTION
A blank line ends a paragraph and the lines of one paragraph are joined with spaces. A list item
(-, *, + or 1.) starts a new paragraph. A fenced code block becomes one paragraph with its line
breaks kept and each line indented by four spaces. Inline markdown such as `code` stays as typed.
#>
function ConvertTo-HelpParagraph {
    param([AllowEmptyCollection()] [string[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $code = [System.Collections.Generic.List[string]]::new()
    $inFence = $false

    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') {
            if ($inFence) {
                $paragraphs.Add(($code | ForEach-Object { "    $_" }) -join "`n")
                $code.Clear()
            }
            elseif ($current.Count -gt 0) {
                $paragraphs.Add($current -join ' ')
                $current.Clear()
            }
            $inFence = -not $inFence
            continue
        }

        if ($inFence) {
            $code.Add($line)
            continue
        }

        $trimmed = $line.Trim()
        if ($trimmed -eq '' -or $trimmed -match '^([-*+]|\d+\.)\s+') {
            if ($current.Count -gt 0) {
                $paragraphs.Add($current -join ' ')
                $current.Clear()
            }
        }

        if ($trimmed -ne '') {
            $current.Add($trimmed)
        }
    }

    if ($current.Count -gt 0) {
        $paragraphs.Add($current -join ' ')
    }

    return , $paragraphs.ToArray()
}

<#
.SYNOPSIS
Splits an example entry into its code and the remarks around it.

.OUTPUTS
An object with Title, Code (all fenced blocks, joined by a blank line) and Remarks (paragraphs).
#>
function ConvertTo-HelpExample {
    param([Parameter(Mandatory)] $Entry)

    $codeLines = [System.Collections.Generic.List[string]]::new()
    $remarkLines = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $blockCount = 0

    foreach ($line in $Entry.Lines) {
        if ($line -match '^\s*(```|~~~)') {
            if (-not $inFence -and $blockCount -gt 0) {
                $codeLines.Add('')
            }
            if (-not $inFence) {
                $blockCount++
            }
            $inFence = -not $inFence
            continue
        }

        if ($inFence) {
            $codeLines.Add($line)
        }
        else {
            $remarkLines.Add($line)
        }
    }

    [pscustomobject]@{
        Title      = $Entry.Title
        BlockCount = $blockCount
        Code       = ($codeLines -join "`n").Trim("`n")
        Remarks    = ConvertTo-HelpParagraph $remarkLines
    }
}

function Get-SectionParagraphs($Document, [string] $Section) {
    if (-not $Document.Sections.Contains($Section)) {
        return , @()
    }
    return , (ConvertTo-HelpParagraph $Document.Sections[$Section])
}

# Returns the parameters of every set of a cmdlet, with one entry per set that contains a parameter.
function Get-AllParameters($Command) {
    foreach ($set in @($Command.ParameterSets)) {
        foreach ($parameter in @($set.Parameters)) {
            $parameter
        }
    }
}

function Get-PipelineInputText($Parameter) {
    $kinds = @()
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) {
        return 'False'
    }
    return "True ($($kinds -join ', '))"
}

function Write-MamlParagraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs, [string] $Element = 'description') {
    $Paragraphs = @($Paragraphs | Where-Object { $null -ne $_ })
    $Writer.WriteStartElement('maml', $Element, $script:MamlNamespace)
    if ($Paragraphs.Count -eq 0) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, '')
    }
    foreach ($paragraph in $Paragraphs) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
    }
    $Writer.WriteEndElement()
}

function Write-MamlParameter([System.Xml.XmlWriter] $Writer, $Parameter, [bool] $IsMandatory, $Position, [string[]] $Description) {
    $Writer.WriteStartElement('command', 'parameter', $script:CommandNamespace)
    $Writer.WriteAttributeString('required', $IsMandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([bool]$Parameter.IsArray).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([bool]$Parameter.SupportsWildcards).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $Parameter))
    $Writer.WriteAttributeString('position', $(if ($null -ne $Position) { "$Position" } else { 'named' }))
    $aliases = @($Parameter.Aliases)
    $Writer.WriteAttributeString('aliases', $(if ($aliases.Count -gt 0) { $aliases -join ', ' } else { 'none' }))

    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Parameter.Name)
    Write-MamlParagraphs $Writer $Description

    # A switch takes no value, so Get-Help shows it as [-Name] without a <Type>.
    if (-not $Parameter.IsSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNamespace)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', ([bool]$Parameter.IsArray).ToString().ToLowerInvariant())
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Parameter.TypeFullName)
    $Writer.WriteEndElement()

    # The metadata has no default values because a property initializer is not visible to
    # reflection, so Get-Help shows 'None' (or 'False' for a switch).
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNamespace, $(if ($Parameter.IsSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

<#
.SYNOPSIS
Collects each parameter of a cmdlet once, across all of its parameter sets.

.DESCRIPTION
A parameter counts as mandatory only when every set that contains it makes it mandatory. Its
position is the first one any set gives it, and pipeline input is the union over the sets.
#>
function Get-MergedParameters($Command) {
    $merged = [ordered]@{}
    $sets = @($Command.ParameterSets | Sort-Object -Property { -not $_.IsDefault })

    foreach ($set in $sets) {
        foreach ($parameter in @($set.Parameters)) {
            if (-not $merged.Contains($parameter.Name)) {
                $merged[$parameter.Name] = [pscustomobject]@{
                    Parameter   = $parameter.PSObject.Copy()
                    IsMandatory = [bool]$parameter.IsMandatory
                    Position    = $parameter.Position
                }
                continue
            }

            $existing = $merged[$parameter.Name]
            $existing.IsMandatory = $existing.IsMandatory -and [bool]$parameter.IsMandatory
            if ($null -eq $existing.Position) {
                $existing.Position = $parameter.Position
            }
            $existing.Parameter.ValueFromPipeline = $existing.Parameter.ValueFromPipeline -or $parameter.ValueFromPipeline
            $existing.Parameter.ValueFromPipelineByPropertyName = $existing.Parameter.ValueFromPipelineByPropertyName -or $parameter.ValueFromPipelineByPropertyName
        }
    }

    return , @($merged.Values)
}

# Orders the parameters of one syntax line as PowerShell does: positional ones by position first.
function Get-SyntaxOrder($Parameters) {
    $positional = @($Parameters | Where-Object { $null -ne $_.Position } | Sort-Object -Property Position)
    $named = @($Parameters | Where-Object { $null -eq $_.Position })
    return , ($positional + $named)
}

function Write-MamlTypeList([System.Xml.XmlWriter] $Writer, [string] $ListElement, [string] $ItemElement, $Items) {
    $Writer.WriteStartElement('command', $ListElement, $script:CommandNamespace)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemElement, $script:CommandNamespace)
        $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $item.TypeName)
        $Writer.WriteEndElement()
        Write-MamlParagraphs $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# Returns the entries of INPUTS or OUTPUTS from the markdown, or generates them from the metadata.
function Get-TypeEntries($Document, [string] $Section, [string[]] $GeneratedTypeNames) {
    if ($Document.Entries.Contains($Section) -and $Document.Entries[$Section].Count -gt 0) {
        return , @($Document.Entries[$Section] | ForEach-Object {
            [pscustomobject]@{ TypeName = $_.Title; Description = ConvertTo-HelpParagraph $_.Lines }
        })
    }

    if ($GeneratedTypeNames.Count -eq 0) {
        $GeneratedTypeNames = @('None')
    }
    return , @($GeneratedTypeNames | ForEach-Object {
        [pscustomobject]@{ TypeName = $_; Description = @() }
    })
}

function Write-MamlRelatedLinks([System.Xml.XmlWriter] $Writer, $Document) {
    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNamespace)
    $lines = if ($Document.Sections.Contains('RELATED LINKS')) { $Document.Sections['RELATED LINKS'] } else { @() }

    foreach ($line in $lines) {
        $text = $line.Trim() -replace '^[-*+]\s+', ''
        if ($text -eq '') {
            continue
        }

        $linkText = $text
        $uri = ''
        if ($text -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$') {
            $linkText = $Matches.text
            $uri = $Matches.uri
        }

        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNamespace, $linkText)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, $uri)
        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement()
}

function Write-MamlCommand([System.Xml.XmlWriter] $Writer, $Command, $Document, $Examples) {
    $Writer.WriteStartElement('command', 'command', $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNamespace)

    $Writer.WriteStartElement('command', 'details', $script:CommandNamespace)
    $Writer.WriteElementString('command', 'name', $script:CommandNamespace, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNamespace, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNamespace, $Command.Noun)
    Write-MamlParagraphs $Writer (Get-SectionParagraphs $Document 'SYNOPSIS')
    $Writer.WriteEndElement()

    Write-MamlParagraphs $Writer (Get-SectionParagraphs $Document 'DESCRIPTION')

    $descriptions = @{}
    foreach ($entry in $Document.Entries['PARAMETERS']) {
        $descriptions[$entry.Title.TrimStart('-')] = ConvertTo-HelpParagraph $entry.Lines
    }
    foreach ($name in $script:DefaultParameterDescriptions.Keys) {
        if (-not $descriptions.ContainsKey($name)) {
            $descriptions[$name] = @($script:DefaultParameterDescriptions[$name])
        }
    }

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNamespace)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Command.Name)
        foreach ($parameter in (Get-SyntaxOrder @($set.Parameters))) {
            Write-MamlParameter $Writer $parameter ([bool]$parameter.IsMandatory) $parameter.Position $descriptions[$parameter.Name]
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNamespace)
    foreach ($merged in (Get-MergedParameters $Command)) {
        Write-MamlParameter $Writer $merged.Parameter $merged.IsMandatory $merged.Position $descriptions[$merged.Parameter.Name]
    }
    $Writer.WriteEndElement()

    $pipelineTypes = @(Get-AllParameters $Command |
        Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } |
        ForEach-Object { $_.TypeFullName } |
        Select-Object -Unique)
    Write-MamlTypeList $Writer 'inputTypes' 'inputType' (Get-TypeEntries $Document 'INPUTS' $pipelineTypes)
    Write-MamlTypeList $Writer 'returnValues' 'returnValue' (Get-TypeEntries $Document 'OUTPUTS' @($Command.OutputTypes))

    $notes = Get-SectionParagraphs $Document 'NOTES'
    if ($notes.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNamespace)
        foreach ($paragraph in $notes) {
            $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:CommandNamespace)
    foreach ($example in $Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $script:MamlNamespace, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $script:DevNamespace, $example.Code)
        # The empty last paragraph puts a blank line between one example and the next title.
        Write-MamlParagraphs $Writer (@($example.Remarks) + '') 'remarks'
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Write-MamlRelatedLinks $Writer $Document
    $Writer.WriteEndElement()
}

<#
.SYNOPSIS
Checks one markdown document against its cmdlet and returns the problems that fail the build.

.DESCRIPTION
Writes warnings for gaps that do not fail the build: parameters without a description.
#>
function Test-HelpDocument($Command, $Document, $Examples) {
    $problems = [System.Collections.Generic.List[string]]::new()
    $fileName = Split-Path -Leaf $Document.Path
    foreach ($problem in $Document.Problems) {
        $problems.Add($problem)
    }

    if ($Document.Name -ne $Command.Name) {
        $problems.Add("${fileName}: the first line must be '# $($Command.Name)', found '# $($Document.Name)'.")
    }

    foreach ($section in 'SYNOPSIS', 'DESCRIPTION') {
        if ((Get-SectionParagraphs $Document $section).Count -eq 0) {
            $problems.Add("${fileName}: section '## $section' is missing or empty.")
        }
    }

    if ($Examples.Count -lt 2) {
        $problems.Add("${fileName}: $($Command.Name) has $($Examples.Count) example(s) under '## EXAMPLES'; at least 2 are required.")
    }
    foreach ($example in $Examples) {
        if ($example.BlockCount -eq 0) {
            $problems.Add("${fileName}: example '$($example.Title)' has no fenced code block.")
        }
    }

    $parameterNames = @(Get-AllParameters $Command | ForEach-Object { $_.Name } | Select-Object -Unique)
    $documentedNames = @($Document.Entries['PARAMETERS'] | ForEach-Object { $_.Title.TrimStart('-') })
    foreach ($entry in $Document.Entries['PARAMETERS']) {
        if (-not $entry.Title.StartsWith('-')) {
            $problems.Add("${fileName}: parameter heading '### $($entry.Title)' must start with '-', as in '### -$($entry.Title)'.")
        }
        elseif ($parameterNames -notcontains $entry.Title.TrimStart('-')) {
            $problems.Add("${fileName}: documents parameter '$($entry.Title)', which $($Command.Name) does not have.")
        }
    }

    foreach ($name in $parameterNames) {
        if ($documentedNames -notcontains $name -and -not $script:DefaultParameterDescriptions.ContainsKey($name)) {
            Write-Warning "${fileName}: parameter -$name has no description under '## PARAMETERS'."
        }
    }

    return , $problems.ToArray()
}

<#
.SYNOPSIS
Compiles docs/help/<Verb-Noun>.md for every cmdlet into one MAML file.

.PARAMETER Commands
Cmdlet metadata objects, as in the Commands list that build/Export-CmdletMetadata.ps1 writes.

.PARAMETER HelpFolder
Folder with one markdown file per cmdlet.

.PARAMETER OutputPath
Path of the MAML file, such as module/ErpSync/en-US/ErpSync.PowerShell.dll-Help.xml.
#>
function Build-MamlHelp {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Commands,
        [Parameter(Mandatory)] [string] $HelpFolder,
        [Parameter(Mandatory)] [string] $OutputPath
    )

    $problems = [System.Collections.Generic.List[string]]::new()
    $compiled = [System.Collections.Generic.List[object]]::new()

    foreach ($command in $Commands) {
        $markdownPath = Join-Path $HelpFolder "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $markdownPath -PathType Leaf)) {
            $problems.Add("$($command.Name): help file $markdownPath is missing. Write it as described in docs/help/README.md.")
            continue
        }

        $document = Read-HelpMarkdown -Path $markdownPath
        $examples = @()
        if ($document.Entries.Contains('EXAMPLES')) {
            $examples = @($document.Entries['EXAMPLES'] | ForEach-Object { ConvertTo-HelpExample $_ })
        }
        if (-not $document.Entries.Contains('PARAMETERS')) {
            $document.Entries['PARAMETERS'] = [System.Collections.Generic.List[object]]::new()
        }

        $documentProblems = Test-HelpDocument $command $document $examples
        if ($documentProblems.Count -gt 0) {
            $problems.AddRange([string[]]$documentProblems)
            continue
        }

        $compiled.Add([pscustomobject]@{ Command = $command; Document = $document; Examples = $examples })
    }

    $commandNames = @($Commands | ForEach-Object { $_.Name })
    $markdownFiles = @(Get-ChildItem -LiteralPath $HelpFolder -Filter '*-*.md' -File -ErrorAction SilentlyContinue)
    foreach ($file in $markdownFiles) {
        if ($commandNames -notcontains $file.BaseName) {
            Write-Warning "$($file.Name): no exported cmdlet is named $($file.BaseName); the file is not compiled."
        }
    }

    if ($problems.Count -gt 0) {
        $message = "Help compilation failed with $($problems.Count) problem(s):" + [Environment]::NewLine +
            (($problems | ForEach-Object { "  $_" }) -join [Environment]::NewLine)
        throw $message
    }

    $outputFolder = Split-Path -Parent $OutputPath
    New-Item -ItemType Directory -Path $outputFolder -Force | Out-Null

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($item in $compiled) {
            Write-MamlCommand $writer $item.Command $item.Document $item.Examples
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}
