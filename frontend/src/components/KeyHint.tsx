/** A keyboard shortcut shown next to a control, e.g. <KeyHint keys="Alt+A" />. */
export function KeyHint({ keys }: { keys: string }) {
  return (
    <kbd
      aria-label={`shortcut ${keys}`}
      style={{
        fontFamily: 'inherit',
        fontSize: '11px',
        padding: '0 4px',
        marginLeft: 6,
        border: '1px solid #b6bec9',
        borderRadius: 4,
        color: 'inherit',
        opacity: 0.8,
      }}
    >
      {keys}
    </kbd>
  );
}
