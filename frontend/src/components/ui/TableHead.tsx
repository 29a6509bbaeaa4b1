/** A data table's header row: one column header per label, in order. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="border-b border-gray-200">
      <tr>
        {columns.map((label) => (
          <th
            key={label}
            scope="col"
            className="whitespace-nowrap px-3 py-2 text-left text-xs font-medium text-gray-500"
          >
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
