using System.Collections;
using System.Linq;
using System.Management.Automation;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;
using ErpSync.PowerShell.Records;

namespace ErpSync.PowerShell.Cmdlets
{
    /// <summary>Turns any objects (Import-Csv rows, hashtables, REST results) into typed records.</summary>
    [Cmdlet(VerbsData.ConvertTo, "ErpRecord")]
    [OutputType(typeof(ErpRecord))]
    public sealed class ConvertToErpRecordCommand : ErpSyncCmdlet
    {
        private RecordConverter? converter;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public object?[] InputObject { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Entity { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Key { get; set; }

        [Parameter]
        public Hashtable? Map { get; set; }

        [Parameter]
        public object? Schema { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Culture { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Source { get; set; } = "pipeline";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ModifiedField { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            converter = RunEngine(() =>
            {
                var schema = RecordShapeArguments.ResolveSchema(Entity, Key, Schema);
                var map = RecordShapeArguments.ToFieldMap(Map);
                var coercer = new ValueCoercer(RecordShapeArguments.ResolveCulture(Culture), RecordShapeArguments.ResolveTimeZone(TimeZone));
                var modified = ModifiedField == null ? null : map.ToEntityName(ModifiedField, schema);
                var builder = new RecordBuilder(schema, map, coercer, KeyNormalization.Default, modified, null, Source, $"input of ConvertTo-ErpRecord", "item");
                return new RecordConverter(builder);
            });
        }

        protected override void ProcessRecord()
        {
            foreach (var input in InputObject)
            {
                var item = converter!.Convert(input);
                if (item.Error != null)
                {
                    WriteRecordError(item.Error);
                    continue;
                }

                WriteObject(item.Record);
            }
        }
    }
}
