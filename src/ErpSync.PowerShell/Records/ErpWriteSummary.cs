namespace ErpSync.PowerShell.Records
{
    /// <summary>The counts of one Set-ErpRecord or Remove-ErpRecord call.</summary>
    public sealed class ErpWriteSummary
    {
        public string Endpoint { get; set; } = string.Empty;

        public long Created { get; set; }

        public long Updated { get; set; }

        public long Deleted { get; set; }

        public long NotFound { get; set; }

        public long Failed { get; set; }
    }
}
