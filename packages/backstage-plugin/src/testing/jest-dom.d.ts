// The jest-dom matchers (`toBeInTheDocument`...) on `expect` from `@jest/globals`.
/// <reference types="@testing-library/jest-dom/jest-globals" />
