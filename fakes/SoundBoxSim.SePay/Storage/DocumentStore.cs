using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SoundBoxSim.SePay.Storage;

/// <summary>
/// Where the fake keeps its state across restarts of <c>sbsim up --data</c>: one SQLite file, one table of JSON
/// documents by kind and id, written through (WAL, so a crash right after a write keeps it). Without a file
/// (<see cref="InMemory"/>) nothing is written and nothing survives the process.
/// </summary>
public sealed class DocumentStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection? _connection;
    private readonly Lock _gate = new();

    private DocumentStore(SqliteConnection? connection) => _connection = connection;

    /// <summary>A store that keeps nothing (state lives only in the fake's memory).</summary>
    public static DocumentStore InMemory() => new(null);

    /// <summary>Opens (or creates) the SQLite file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file is not a SoundBoxSim store or cannot be opened; the message names it.</exception>
    public static DocumentStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS documents (kind TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
                """);
            return new DocumentStore(connection);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new InvalidOperationException($"{path} cannot be used as the SePay store ({ex.Message}); fix or delete it.", ex);
        }
    }

    /// <summary>Whether writes reach a file.</summary>
    public bool IsDurable => _connection is not null;

    /// <summary>Every document of <paramref name="kind"/>, by id.</summary>
    public IReadOnlyList<T> Load<T>(string kind)
    {
        if (_connection is null)
        {
            return [];
        }

        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT json FROM documents WHERE kind = $kind ORDER BY id";
            command.Parameters.AddWithValue("$kind", kind);
            using var reader = command.ExecuteReader();
            var documents = new List<T>();
            while (reader.Read())
            {
                documents.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)
                    ?? throw new InvalidOperationException($"a null {kind} document in the store"));
            }

            return documents;
        }
    }

    /// <summary>Writes (or replaces) documents in one transaction.</summary>
    public void Save<T>(string kind, IEnumerable<(long Id, T Document)> documents)
    {
        if (_connection is null)
        {
            return;
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO documents (kind, id, json) VALUES ($kind, $id, $json)";
            var kindParameter = command.Parameters.Add("$kind", SqliteType.Text);
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var json = command.Parameters.Add("$json", SqliteType.Text);
            kindParameter.Value = kind;
            foreach (var (key, document) in documents)
            {
                id.Value = key;
                json.Value = JsonSerializer.Serialize(document, Json);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Writes (or replaces) one document.</summary>
    public void Save<T>(string kind, long id, T document) => Save(kind, [(id, document)]);

    /// <summary>Deletes one document; true when it existed.</summary>
    public bool Delete(string kind, long id)
    {
        if (_connection is null)
        {
            return false;
        }

        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM documents WHERE kind = $kind AND id = $id";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>Deletes every document of <paramref name="kind"/>.</summary>
    public void Clear(string kind)
    {
        if (_connection is null)
        {
            return;
        }

        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM documents WHERE kind = $kind";
            command.Parameters.AddWithValue("$kind", kind);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection?.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
