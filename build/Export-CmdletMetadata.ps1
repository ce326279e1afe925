<#
.SYNOPSIS
Writes the cmdlet metadata of the built module assembly to a JSON file.

.DESCRIPTION
build.ps1 runs this script in a child pwsh process, so the build's own process never loads the
module assembly and never locks it. The script finds every class that carries [Cmdlet], checks
that PowerShell loads it as a cmdlet, and records what the manifest and the help compiler need:
names, parameter sets, parameter types, positions, pipeline input and output types.
Common parameters (Verbose, ErrorAction, ...) are left out. WhatIf and Confirm stay in, as
Get-Help lists them.

.PARAMETER AssemblyPath
Path of ErpSync.PowerShell.dll inside the laid-out module folder.

.PARAMETER OutputPath
Path of the JSON file to write.
#>
param(
    [Parameter(Mandatory)] [string] $AssemblyPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Returns a short type name for display, such as String, String[] or Dictionary[String,Int32].
function Get-TypeDisplayName([type] $Type) {
    if ($Type.IsArray) {
        return (Get-TypeDisplayName $Type.GetElementType()) + '[]'
    }

    $nullableInner = [Nullable]::GetUnderlyingType($Type)
    if ($null -ne $nullableInner) {
        return (Get-TypeDisplayName $nullableInner) + '?'
    }

    if ($Type.IsGenericType) {
        $baseName = $Type.Name.Substring(0, $Type.Name.IndexOf('`'))
        $arguments = @($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ })
        return "$baseName[$($arguments -join ',')]"
    }

    return $Type.Name
}

function ConvertTo-ParameterMetadata([System.Management.Automation.CommandParameterInfo] $Parameter) {
    $supportsWildcards = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0

    [ordered]@{
        Name                            = $Parameter.Name
        TypeName                        = Get-TypeDisplayName $Parameter.ParameterType
        TypeFullName                    = $Parameter.ParameterType.FullName
        IsSwitch                        = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
        IsArray                         = $Parameter.ParameterType.IsArray
        IsMandatory                     = $Parameter.IsMandatory
        # PowerShell reports a named parameter as int.MinValue.
        Position                        = if ($Parameter.Position -ge 0) { $Parameter.Position } else { $null }
        ValueFromPipeline               = $Parameter.ValueFromPipeline
        ValueFromPipelineByPropertyName = $Parameter.ValueFromPipelineByPropertyName
        ValueFromRemainingArguments     = $Parameter.ValueFromRemainingArguments
        SupportsWildcards               = $supportsWildcards
        Aliases                         = @($Parameter.Aliases)
    }
}

$resolvedAssemblyPath = (Resolve-Path -LiteralPath $AssemblyPath).Path
$module = Import-Module -Name $resolvedAssemblyPath -PassThru
$assembly = $module.ImplementingAssembly
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

$problems = [System.Collections.Generic.List[string]]::new()
$commands = [System.Collections.Generic.List[object]]::new()

$cmdletTypes = $assembly.GetTypes() |
    Where-Object { $_.IsDefined([System.Management.Automation.CmdletAttribute], $false) } |
    Sort-Object -Property FullName

foreach ($type in $cmdletTypes) {
    $attribute = [System.Attribute]::GetCustomAttribute($type, [System.Management.Automation.CmdletAttribute])
    $name = "$($attribute.VerbName)-$($attribute.NounName)"
    $command = Get-Command -Name $name -Module $module.Name -CommandType Cmdlet -ErrorAction SilentlyContinue
    if ($null -eq $command) {
        $problems.Add("Class $($type.FullName) carries [Cmdlet] for $name, but PowerShell does not load it as a cmdlet. It must be public, not abstract, and derive from Cmdlet or PSCmdlet.")
        continue
    }

    $parameterSets = foreach ($set in $command.ParameterSets) {
        [ordered]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            Parameters = @($set.Parameters |
                Where-Object { -not $commonParameters.Contains($_.Name) } |
                ForEach-Object { ConvertTo-ParameterMetadata $_ })
        }
    }

    $commands.Add([ordered]@{
        Name                = $command.Name
        Verb                = $command.Verb
        Noun                = $command.Noun
        ClassName           = $type.FullName
        DefaultParameterSet = $command.DefaultParameterSet
        OutputTypes         = @($command.OutputType | ForEach-Object { $_.Name })
        ParameterSets       = @($parameterSets)
    })
}

if ($problems.Count -gt 0) {
    throw ($problems -join [Environment]::NewLine)
}

$metadata = [ordered]@{
    AssemblyName = $assembly.GetName().Name
    Commands     = @($commands | Sort-Object -Property { $_.Name })
}
$metadata | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $OutputPath -Encoding utf8NoBOM
