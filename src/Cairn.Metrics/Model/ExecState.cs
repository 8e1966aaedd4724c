namespace Cairn.Metrics.Model;

/// <summary>How an operation ended, published as <c>npbackup_exec_state</c> (NPBackup's 0 to 3 scale).</summary>
public enum ExecState
{
    Ok = 0,
    Warning = 1,
    Error = 2,
    Critical = 3,
}
