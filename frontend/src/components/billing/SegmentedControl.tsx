type SegmentedControlProps<T extends string> = {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  testId?: string;
};

/** A row of toggle buttons where exactly one is pressed (range pickers, metric switches). */
export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: SegmentedControlProps<T>) {
  return (
    <fieldset data-testid={testId} className="inline-flex min-w-0 rounded-lg bg-gray-100 p-1">
      <legend className="sr-only">{label}</legend>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-primary-500 ${
            option.value === value ? 'bg-white text-gray-900 shadow-sm' : 'text-gray-600 hover:text-gray-900'
          }`}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
