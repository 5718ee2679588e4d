// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // a self-contained server in .next/standalone: the image needs no node_modules of its own
  output: "standalone",
  // drivers stay plain node modules instead of being bundled
  serverExternalPackages: ["pg", "redis"],
  eslint: { ignoreDuringBuilds: true },
  poweredByHeader: false,
};

export default nextConfig;
