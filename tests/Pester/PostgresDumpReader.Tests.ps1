# Unit tests for the SQL reader behind samples/northwind/Import-Northwind.ps1. They need no build.

BeforeAll {
    $repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    . (Join-Path $repositoryRoot samples/northwind/PostgresDumpReader.ps1)

    function Read-Dump {
        param([string] $Sql)

        $reader = [PostgresDumpReader]::new($Sql)
        $reader.Read()
        return $reader
    }
}

Describe 'PostgresDumpReader' {
    It 'keeps separators inside string literals' {
        $dump = Read-Dump @'
CREATE TABLE t (id integer NOT NULL, name text);
INSERT INTO t VALUES (1, 'a, (b); c''d -- not a comment');
'@
        $dump.Tables['t'].Rows[0][1] | Should -BeExactly "a, (b); c'd -- not a comment"
    }

    It 'decodes E strings and keeps backslashes in plain strings' {
        $dump = Read-Dump @'
CREATE TABLE t (id integer, plain text, escaped text);
INSERT INTO t VALUES (1, 'x\ny', E'tab\t\'q\' \u00e9');
'@
        $dump.Tables['t'].Rows[0][1] | Should -BeExactly 'x\ny'
        $dump.Tables['t'].Rows[0][2] | Should -BeExactly "tab`t'q' é"
    }

    It 'rounds real values to 7 significant digits' -ForEach @(
        @{ Literal = '21.3500004'; Expected = '21.35' }
        @{ Literal = '17.4500008'; Expected = '17.45' }
        @{ Literal = '18'; Expected = '18' }
        @{ Literal = '0.0500000007'; Expected = '0.05' }
        @{ Literal = '123456789'; Expected = '123456800' }
        @{ Literal = '-5.5'; Expected = '-5.5' }
    ) {
        $dump = Read-Dump "CREATE TABLE t (price real); INSERT INTO t VALUES ($Literal);"
        $dump.Tables['t'].Rows[0][0] | Should -BeExactly $Expected
    }

    It 'reads column lists, multi-row VALUES and NULL' {
        $dump = Read-Dump @'
CREATE TABLE public.t (id integer NOT NULL, name text, born date);
INSERT INTO public.t (name, id) VALUES ('a', 1), (NULL, 2);
'@
        $rows = $dump.Tables['t'].Rows
        $rows.Count | Should -Be 2
        $rows[0][0] | Should -Be 1
        $rows[0][1] | Should -BeExactly 'a'
        $rows[1][1] | Should -Be ([DBNull]::Value)
        $rows[1][2] | Should -Be ([DBNull]::Value)
    }

    It 'reads keys from ALTER TABLE' {
        $dump = Read-Dump @'
CREATE TABLE p (id smallint NOT NULL);
CREATE TABLE c (id smallint NOT NULL, p_id smallint);
ALTER TABLE ONLY p ADD CONSTRAINT pk_p PRIMARY KEY (id);
ALTER TABLE ONLY c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p;
'@
        $dump.Tables['p'].PrimaryKey | Should -Be @('id')
        $dump.Tables['c'].ForeignKeys[0].Columns | Should -Be @('p_id')
        $dump.Tables['c'].ForeignKeys[0].ReferencedTable | Should -BeExactly 'p'
    }

    It 'rejects <Case>' -ForEach @(
        @{ Case = 'an unterminated string'; Sql = "CREATE TABLE t (a text); INSERT INTO t VALUES ('x);"; Message = '*line 1*unterminated*' }
        @{ Case = 'an unknown type'; Sql = 'CREATE TABLE t (a money);'; Message = "*unsupported type 'money'*" }
        @{ Case = 'NULL in a NOT NULL column'; Sql = 'CREATE TABLE t (a integer NOT NULL); INSERT INTO t VALUES (NULL);'; Message = '*NULL in NOT NULL column t.a*' }
        @{ Case = 'too many values'; Sql = 'CREATE TABLE t (a integer); INSERT INTO t VALUES (1, 2);'; Message = '*more values than*' }
        @{ Case = 'a non-ISO date'; Sql = "CREATE TABLE t (a date); INSERT INTO t VALUES ('03/04/2001');"; Message = '*yyyy-MM-dd*' }
        @{ Case = 'a fraction in an integer column'; Sql = 'CREATE TABLE t (a integer); INSERT INTO t VALUES (1.5);'; Message = "*Invalid integer value '1.5'*" }
        @{ Case = 'an unknown statement'; Sql = 'UPDATE t SET a = 1;'; Message = "*unsupported statement starting with 'update'*" }
        @{ Case = 'non-standard strings'; Sql = 'SET standard_conforming_strings = off;'; Message = '*standard_conforming_strings = off is not supported*' }
    ) {
        { Read-Dump $Sql } | Should -Throw -ExpectedMessage $Message
    }
}
