/** The numbers behind a chart, as a plain table with a caption (screen readers, print, reading). */
export function NumbersTable(props: {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  testId: string;
}) {
  const cell = {
    padding: '4px 8px',
    borderBottom: '1px solid #f0f0f0',
    textAlign: 'left',
  } as const;
  return (
    <div style={{ overflowX: 'auto', marginTop: 8 }}>
      <table
        data-testid={props.testId}
        style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}
      >
        <caption
          style={{ textAlign: 'left', captionSide: 'top', padding: '4px 0', color: '#595959' }}
        >
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col" style={{ ...cell, background: '#fafafa' }}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((v, j) =>
                j === 0 ? (
                  <th key={j} scope="row" style={{ ...cell, fontWeight: 'normal' }}>
                    {v}
                  </th>
                ) : (
                  <td key={j} style={cell}>
                    {v}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
