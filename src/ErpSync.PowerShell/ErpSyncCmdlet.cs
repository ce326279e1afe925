using System;
using System.Management.Automation;
using System.Threading;
using ErpSync.Core;
using ErpSync.Core.Records;
using ErpSync.Core.State;

namespace ErpSync.PowerShell
{
    /// <summary>
    /// The base of every ErpSync cmdlet: a cancellation token created in BeginProcessing and cancelled
    /// by Ctrl+C or Stop-Job, and the translation of engine errors into PowerShell error records.
    /// </summary>
    public abstract class ErpSyncCmdlet : PSCmdlet
    {
        private CancellationTokenSource? cancellation;

        protected CancellationToken CancellationToken => (cancellation ??= new CancellationTokenSource()).Token;

        protected override void BeginProcessing()
        {
            cancellation ??= new CancellationTokenSource();
        }

        protected override void StopProcessing()
        {
            cancellation?.Cancel();
        }

        /// <summary>The pipeline stop that a write met, passed on to PowerShell once the engine has ended.</summary>
        protected PipelineStoppedException? PipelineStop { get; private set; }

        /// <summary>
        /// Notes that a write met a stopped pipeline, by Ctrl+C or by a later command that needs no more
        /// input (Select-Object -First), and cancels <see cref="CancellationToken"/> as Ctrl+C would.
        /// </summary>
        protected void NotePipelineStop(PipelineStoppedException stop)
        {
            PipelineStop ??= stop;
            (cancellation ??= new CancellationTokenSource()).Cancel();
        }

        /// <summary>
        /// Returns a -StatePath value as a full file path, relative to the current PowerShell location;
        /// a PostgreSQL connection string stays as it is, and null stays null (the default store).
        /// </summary>
        protected string? ResolveStatePath(string? statePath) =>
            statePath == null || StateStore.IsConnectionString(statePath) ? statePath : SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath);

        /// <summary>Writes a non-terminating error for one record, with the record as the target object.</summary>
        protected void WriteRecordError(RecordError error)
        {
            var exception = new ErpSyncRecordException(error);
            var record = new ErrorRecord(exception, error.ErrorId, ToCategory(error.Kind), error.Target)
            {
                ErrorDetails = new ErrorDetails(error.Describe()),
            };
            WriteError(record);
        }

        /// <summary>Stops the command with a terminating error built from an engine exception.</summary>
        protected void ThrowTerminating(ErpSyncException exception, object? target = null)
        {
            ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, ToCategory(exception.Kind), target));
        }

        /// <summary>Runs an engine call and turns its failures into terminating errors; a cancelled run stops quietly.</summary>
        protected T RunEngine<T>(Func<T> call, object? target = null)
        {
            try
            {
                return call();
            }
            catch (ErpSyncException ex)
            {
                ThrowTerminating(ex, target);
                throw;
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw PipelineStop ?? new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Writes an object from an engine callback. When a later command stops the pipeline because it
        /// needs no more input (Select-Object -First), the engine is cancelled from this callback, so its
        /// run ends as Stopped instead of Failed, and <see cref="RunEngine{T}"/> then passes the stop on.
        /// </summary>
        protected void WriteFromEngine(object value)
        {
            try
            {
                WriteObject(value);
            }
            catch (PipelineStoppedException ex)
            {
                NotePipelineStop(ex);
                throw new OperationCanceledException(CancellationToken);
            }
        }

        protected void RunEngine(Action call, object? target = null) => RunEngine<object?>(() =>
        {
            call();
            return null;
        }, target);

        public static ErrorCategory ToCategory(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            ErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
            ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            ErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            ErrorKind.WriteError => ErrorCategory.WriteError,
            ErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.OperationStopped => ErrorCategory.OperationStopped,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
