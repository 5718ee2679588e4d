/** The root layout every page renders inside. */
import { SERVICE } from "../lib/dependencies.js";

export const metadata = { title: SERVICE };

/** @param {{ children: import("react").ReactNode }} props */
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
