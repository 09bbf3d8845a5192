import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';

export interface LabelledValue {
  label: string;
  value: string;
}

export function AttributeList({ items, columns = 2 }: { items: LabelledValue[]; columns?: 1 | 2 | 3 | 4 }) {
  if (items.length === 0) return null;
  return (
    <KeyValuePairs
      columns={columns}
      items={items.map((i) => ({ label: i.label, value: i.value === '' ? '—' : i.value }))}
    />
  );
}
